package io.proxyprompt.edit;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.util.List;

/**
 * Brush, eraser, polygon, flood fill and clear on a {@link Mask}, drawn with OpenCV. Each operation works on the
 * smallest rectangle it can touch and returns the region it changed, for redrawing and for undo.
 */
public final class MaskTools {

    private MaskTools() {
    }

    /**
     * Paints ({@code inside=true}, brush) or erases a round-capped stroke of the given radius from (x0,y0) to
     * (x1,y1); a stroke of one point is a disc.
     */
    public static PixelRect stroke(Mask mask, int x0, int y0, int x1, int y1, int radius, boolean inside) {
        int r = Math.max(0, radius);
        PixelRect box = new PixelRect(Math.min(x0, x1) - r - 1, Math.min(y0, y1) - r - 1,
                Math.abs(x1 - x0) + 2 * r + 3, Math.abs(y1 - y0) + 2 * r + 3).clip(mask.width(), mask.height());
        if (box.isEmpty()) {
            return PixelRect.EMPTY;
        }
        Scalar value = new Scalar(inside ? 255 : 0);
        return onRegion(mask, box, m -> {
            Point a = new Point(x0 - box.x(), y0 - box.y());
            Point b = new Point(x1 - box.x(), y1 - box.y());
            if (r == 0) {
                Imgproc.line(m, a, b, value, 1, Imgproc.LINE_8);
                return;
            }
            // Discs stamped along the segment: exactly 2r+1 wide, unlike OpenCV's thick lines, which run wider.
            double len = Math.hypot(b.x - a.x, b.y - a.y);
            int steps = Math.max(1, (int) Math.ceil(len));
            for (int i = 0; i <= steps; i++) {
                double t = (double) i / steps;
                Point p = new Point(Math.round(a.x + t * (b.x - a.x)), Math.round(a.y + t * (b.y - a.y)));
                Imgproc.circle(m, p, r, value, -1, Imgproc.LINE_8);
            }
        });
    }

    /** Fills (or erases) the closed polygon through {@code xy} = x0,y0,x1,y1,...; fewer than 3 points do nothing. */
    public static PixelRect polygon(Mask mask, int[] xy, boolean inside) {
        if (xy.length < 6) {
            return PixelRect.EMPTY;
        }
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int i = 0; i < xy.length; i += 2) {
            minX = Math.min(minX, xy[i]);
            maxX = Math.max(maxX, xy[i]);
            minY = Math.min(minY, xy[i + 1]);
            maxY = Math.max(maxY, xy[i + 1]);
        }
        PixelRect box = new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1).clip(mask.width(), mask.height());
        if (box.isEmpty()) {
            return PixelRect.EMPTY;
        }
        Point[] pts = new Point[xy.length / 2];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = new Point(xy[2 * i] - box.x(), xy[2 * i + 1] - box.y());
        }
        return onRegion(mask, box, m -> {
            try (Closeable<MatOfPoint> poly = new Closeable<>(new MatOfPoint(pts))) {
                Imgproc.fillPoly(m, List.of(poly.mat()), new Scalar(inside ? 255 : 0), Imgproc.LINE_8);
            }
        });
    }

    /**
     * Flood-fills the 4-connected area around (x, y) with inside ({@code true}) or outside; returns the changed
     * region, empty when the seed is outside the mask or already has that value.
     */
    public static PixelRect floodFill(Mask mask, int x, int y, boolean inside) {
        if (x < 0 || y < 0 || x >= mask.width() || y >= mask.height() || mask.get(x, y) == inside) {
            return PixelRect.EMPTY;
        }
        PixelRect whole = new PixelRect(0, 0, mask.width(), mask.height());
        org.opencv.core.Rect[] changed = new org.opencv.core.Rect[1];
        onRegion(mask, whole, m -> {
            changed[0] = new org.opencv.core.Rect();
            try (Closeable<Mat> none = new Closeable<>(new Mat())) {
                Imgproc.floodFill(m, none.mat(), new Point(x, y), new Scalar(inside ? 255 : 0), changed[0],
                        new Scalar(0), new Scalar(0), 4);
            }
        });
        org.opencv.core.Rect r = changed[0];
        return new PixelRect(r.x, r.y, r.width, r.height);
    }

    /** Sets every pixel outside; returns the whole mask as changed region (empty if it was already empty). */
    public static PixelRect clear(Mask mask) {
        if (mask.isEmpty()) {
            return PixelRect.EMPTY;
        }
        java.util.Arrays.fill(mask.data(), (byte) 0);
        return new PixelRect(0, 0, mask.width(), mask.height());
    }

    /** Copies {@code box} of the mask into a Mat, runs {@code op}, copies it back and returns {@code box}. */
    private static PixelRect onRegion(Mask mask, PixelRect box, java.util.function.Consumer<Mat> op) {
        OpenCv.load();
        byte[] roi = Regions.copyOut(mask, box);
        try (Closeable<Mat> m = new Closeable<>(new Mat(box.height(), box.width(), CvType.CV_8UC1))) {
            m.mat().put(0, 0, roi);
            op.accept(m.mat());
            // OpenCV drawing may anti-alias nothing here (LINE_8), but keep the 0/255 contract explicit.
            Imgproc.threshold(m.mat(), m.mat(), 127, 255, Imgproc.THRESH_BINARY);
            m.mat().get(0, 0, roi);
        }
        Regions.copyIn(mask, box, roi);
        return box;
    }

    /** try-with-resources for OpenCV Mats, which are not AutoCloseable in the Java binding. */
    private record Closeable<M extends Mat>(M mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }

}
