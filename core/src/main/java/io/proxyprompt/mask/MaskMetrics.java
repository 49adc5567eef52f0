package io.proxyprompt.mask;

import io.proxyprompt.common.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.OptionalDouble;

/** Clinical and agreement measurements on masks: Dice, vertical cup-to-disc ratio, vessel area fraction. */
public final class MaskMetrics {

    private MaskMetrics() {
    }

    /** Dice = 2|A∩B| / (|A|+|B|); 1 when both are empty. */
    public static double dice(Mask a, Mask b) {
        MaskOps.requireSameSize(a, b);
        byte[] x = a.data();
        byte[] y = b.data();
        long inter = 0;
        long sa = 0;
        long sb = 0;
        for (int i = 0; i < x.length; i++) {
            boolean p = x[i] != 0;
            boolean q = y[i] != 0;
            if (p) {
                sa++;
            }
            if (q) {
                sb++;
            }
            if (p && q) {
                inter++;
            }
        }
        return sa + sb == 0 ? 1.0 : 2.0 * inter / (sa + sb);
    }

    /** Height of the mask's bounding box in pixels (0 when empty). */
    public static int verticalExtent(Mask m) {
        MaskRegion r = MaskRegion.of(m, 0);
        return r == null ? 0 : r.height();
    }

    /** Width of the mask's bounding box in pixels (0 when empty). */
    public static int horizontalExtent(Mask m) {
        MaskRegion r = MaskRegion.of(m, 0);
        return r == null ? 0 : r.width();
    }

    /** Horizontal cup-to-disc ratio: cup width / disc width; empty when the disc is empty. */
    public static OptionalDouble horizontalCupToDisc(Mask cup, Mask disc) {
        MaskOps.requireSameSize(cup, disc);
        int d = horizontalExtent(disc);
        return d == 0 ? OptionalDouble.empty() : OptionalDouble.of(horizontalExtent(cup) / (double) d);
    }

    /** Vertical cup-to-disc ratio: cup height / disc height; empty when the disc is empty. */
    public static OptionalDouble verticalCupToDisc(Mask cup, Mask disc) {
        MaskOps.requireSameSize(cup, disc);
        int d = verticalExtent(disc);
        return d == 0 ? OptionalDouble.empty() : OptionalDouble.of(verticalExtent(cup) / (double) d);
    }

    /** Fraction of the field of view covered by vessels; empty when the field of view is empty. */
    public static OptionalDouble vesselAreaFraction(Mask vessel, Mask fieldOfView) {
        long fov = fieldOfView.area();
        if (fov == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(MaskOps.keepInside(vessel, fieldOfView).area() / (double) fov);
    }

    /**
     * Estimates a fundus photograph's circular field of view: pixels brighter than a dark-border threshold
     * (red channel &gt; 20), the largest component, holes filled. Large photographs are judged on every
     * {@link #fieldOfViewStep}-th pixel and the region is scaled back up (its edge is then placed to within half that
     * step): the border is a smooth circle, and a photograph-sized component pass cost 60-70 ms at 4 megapixels.
     *
     * @param rgb interleaved RGB8
     */
    public static Mask fieldOfView(byte[] rgb, int width, int height) {
        OpenCv.load();
        int step = fieldOfViewStep(width, height);
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
        Mat full = new Mat();
        try {
            red.put(0, 0, bright);
            // the largest component with its holes filled, all in OpenCV (a photograph with no bright pixel stays
            // empty through these steps)
            largest = Components.largestOf(red);
            MaskOps.fillHolesInPlace(largest);
            if (step == 1) {
                return MaskOps.fromMat(largest);
            }
            Imgproc.resize(largest, full, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
            Imgproc.threshold(full, full, 127, 255, Imgproc.THRESH_BINARY);
            byte[] out = new byte[width * height];
            full.get(0, 0, out);
            return Mask.ofBinary(width, height, out);
        } finally {
            red.release();
            full.release();
            if (largest != null && largest != red) {
                largest.release();
            }
        }
    }

    /**
     * The sampling step of {@link #fieldOfView}: 1 below 768 pixels on the short side, else whatever keeps at least
     * 384 samples across it (4 for a 2448 x 1632 photograph).
     */
    static int fieldOfViewStep(int width, int height) {
        return Math.max(1, Math.min(width, height) / 384);
    }

    /** The largest 8-connected component (empty mask stays empty). */
    public static Mask largestComponent(Mask mask) {
        return MaskOps.keepComponents(mask, areas -> {
            int best = 1;
            for (int i = 2; i < areas.length; i++) {
                if (areas[i] > areas[best]) {
                    best = i;
                }
            }
            boolean[] keep = new boolean[areas.length];
            keep[best] = true;
            return keep;
        });
    }
}
