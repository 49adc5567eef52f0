package io.proxyprompt.mask;

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
     * A fundus photograph's circular field of view as a mask the size of the photograph ({@link FieldOfView}; ask
     * it directly when only some pixels matter).
     *
     * @param rgb interleaved RGB8
     */
    public static Mask fieldOfView(byte[] rgb, int width, int height) {
        return FieldOfView.of(rgb, width, height).toMask();
    }

    /** The largest 8-connected component (empty mask stays empty). */
    public static Mask largestComponent(Mask mask) {
        MaskRegion region = MaskRegion.of(mask, 0);
        if (region == null) {
            return mask.copy();
        }
        org.opencv.core.Mat box = region.toMat(mask);
        org.opencv.core.Mat largest = Components.largestOf(box);
        try {
            byte[] out = new byte[mask.data().length];
            region.copyInto(largest, out, mask.width());
            return Mask.ofBinary(mask.width(), mask.height(), out);
        } finally {
            if (largest != box) {
                largest.release();
            }
            box.release();
        }
    }
}
