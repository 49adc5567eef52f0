package io.proxyprompt.mask;

import io.proxyprompt.common.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A fundus photograph's circular field of view, kept on the grid it was judged on: whether a pixel lies inside it is
 * answered without a photograph-sized mask, which is made only when asked for ({@link #toMask()}).
 *
 * <p>The field of view is the pixels brighter than a dark-border threshold (red channel &gt; 20), their largest
 * component with its holes filled. Large photographs are judged on every {@link #step(int, int)}-th pixel: the
 * border is a smooth circle, and a photograph-sized component pass cost 60-70 ms at 4 megapixels. A pixel is inside
 * where the grid, bilinearly interpolated as OpenCV scales it, is above half; so {@link #contains} and
 * {@link #toMask()} agree except where the interpolated value is within OpenCV's fixed-point rounding of half.
 */
public final class FieldOfView {

    private final int width;
    private final int height;
    private final int gridWidth;
    private final int gridHeight;
    /** 0 or 1 per grid cell, row-major. */
    private final byte[] grid;
    private final long gridArea;

    private FieldOfView(int width, int height, int gridWidth, int gridHeight, byte[] grid) {
        this.width = width;
        this.height = height;
        this.gridWidth = gridWidth;
        this.gridHeight = gridHeight;
        this.grid = grid;
        long n = 0;
        for (byte b : grid) {
            n += b;
        }
        this.gridArea = n;
    }

    /**
     * Judges the field of view of a photograph.
     *
     * @param rgb interleaved RGB8, {@code width * height * 3} bytes
     */
    public static FieldOfView of(byte[] rgb, int width, int height) {
        OpenCv.load();
        int step = step(width, height);
        int lw = (width + step - 1) / step;
        int lh = (height + step - 1) / step;
        byte[] bright = new byte[lw * lh];
        for (int y = 0; y < lh; y++) {
            int row = Math.min(height - 1, y * step + step / 2) * width;
            for (int x = 0; x < lw; x++) {
                int red = rgb[3 * (row + Math.min(width - 1, x * step + step / 2))] & 0xFF;
                bright[y * lw + x] = red > 20 ? Mask.INSIDE : 0;
            }
        }
        Mat red = new Mat(lh, lw, CvType.CV_8UC1);
        Mat largest = null;
        try {
            red.put(0, 0, bright);
            // the largest component with its holes filled, all in OpenCV (a photograph with no bright pixel stays
            // empty through these steps)
            largest = Components.largestOf(red);
            MaskOps.fillHolesInPlace(largest);
            byte[] cells = new byte[lw * lh];
            largest.get(0, 0, cells);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = (byte) (cells[i] == 0 ? 0 : 1);
            }
            return new FieldOfView(width, height, lw, lh, cells);
        } finally {
            red.release();
            if (largest != null && largest != red) {
                largest.release();
            }
        }
    }

    /**
     * The sampling step: 1 below 768 pixels on the short side, else whatever keeps at least 384 samples across it
     * (4 for a 2448 x 1632 photograph).
     */
    static int step(int width, int height) {
        return Math.max(1, Math.min(width, height) / 384);
    }

    /** Whether this is the field of view of a photograph of this size. */
    public boolean sameSize(int width, int height) {
        return this.width == width && this.height == height;
    }

    /** Whether the field of view takes more than {@code share} of the photograph (judged on the grid). */
    public boolean covers(double share) {
        return gridArea > share * grid.length;
    }

    /** Whether pixel (x, y) of the photograph lies in the field of view. */
    public boolean contains(int x, int y) {
        if (gridWidth == width && gridHeight == height) {
            return grid[y * gridWidth + x] != 0;
        }
        // OpenCV's INTER_LINEAR mapping of a destination pixel onto the source grid, borders replicated
        double fx = (x + 0.5) * gridWidth / width - 0.5;
        double fy = (y + 0.5) * gridHeight / height - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double ax = fx - x0;
        double ay = fy - y0;
        double top = (1 - ax) * cell(x0, y0) + ax * cell(x0 + 1, y0);
        double bottom = (1 - ax) * cell(x0, y0 + 1) + ax * cell(x0 + 1, y0 + 1);
        return (1 - ay) * top + ay * bottom >= 0.5;
    }

    private int cell(int x, int y) {
        int cx = Math.min(gridWidth - 1, Math.max(0, x));
        int cy = Math.min(gridHeight - 1, Math.max(0, y));
        return grid[cy * gridWidth + cx];
    }

    /**
     * Whether the mask, grown by {@code grow} pixels (the elliptical element of {@link MaskOps#dilate}), reaches
     * outside the field of view. Works on the box around the mask, without a photograph-sized mask.
     */
    public boolean reachedBy(Mask mask, int grow) {
        if (mask.width() != width || mask.height() != height) {
            throw new IllegalArgumentException("Mask is " + mask.width() + "x" + mask.height() + ", photograph "
                    + width + "x" + height);
        }
        MaskRegion region = MaskRegion.of(mask, grow + 1);
        if (region == null || insideWhole(region)) {
            return false;
        }
        Mat box = region.toMat(mask);
        Mat grown = new Mat();
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * grow + 1, 2 * grow + 1));
        try {
            Imgproc.morphologyEx(box, grown, Imgproc.MORPH_DILATE, kernel);
            byte[] pixels = new byte[region.width() * region.height()];
            grown.get(0, 0, pixels);
            for (int y = 0; y < region.height(); y++) {
                for (int x = 0; x < region.width(); x++) {
                    if (pixels[y * region.width() + x] != 0 && !contains(region.x() + x, region.y() + y)) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            box.release();
            grown.release();
            kernel.release();
        }
    }

    /** Whether every grid cell that the box's pixels interpolate from is inside (then so is every pixel). */
    private boolean insideWhole(MaskRegion box) {
        int gx0 = Math.max(0, (int) ((long) box.x() * gridWidth / width) - 1);
        int gy0 = Math.max(0, (int) ((long) box.y() * gridHeight / height) - 1);
        int gx1 = Math.min(gridWidth - 1, (int) ((long) (box.x() + box.width()) * gridWidth / width) + 1);
        int gy1 = Math.min(gridHeight - 1, (int) ((long) (box.y() + box.height()) * gridHeight / height) + 1);
        for (int y = gy0; y <= gy1; y++) {
            for (int x = gx0; x <= gx1; x++) {
                if (grid[y * gridWidth + x] == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The field of view as a mask the size of the photograph. */
    public Mask toMask() {
        byte[] scaled = new byte[grid.length];
        for (int i = 0; i < grid.length; i++) {
            scaled[i] = grid[i] == 0 ? 0 : Mask.INSIDE;
        }
        if (gridWidth == width && gridHeight == height) {
            return Mask.ofBinary(width, height, scaled);
        }
        OpenCv.load();
        Mat cells = new Mat(gridHeight, gridWidth, CvType.CV_8UC1);
        Mat full = new Mat();
        try {
            cells.put(0, 0, scaled);
            Imgproc.resize(cells, full, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            Imgproc.threshold(full, full, 127, 255, Imgproc.THRESH_BINARY);
            byte[] out = new byte[width * height];
            full.get(0, 0, out);
            return Mask.ofBinary(width, height, out);
        } finally {
            cells.release();
            full.release();
        }
    }
}
