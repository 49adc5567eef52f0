package io.proxyprompt.edit;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskOps;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Whole-mask corrections of one object: remove islands (pieces below a size), smooth the outline, grow or shrink
 * it by a few pixels. Each one changes the mask in place and returns the region it changed, for redrawing and for
 * one undoable step (like {@link MaskTools}).
 */
public final class ShapeTools {

    /** The corrections, with the key that applies each in the viewer. */
    public enum Operation {
        ISLANDS("Remove islands"),
        SMOOTH("Smooth outline"),
        GROW("Grow"),
        SHRINK("Shrink");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        /** What the user reads (menu text, the undo step's label). */
        public String label() {
            return label;
        }
    }

    private ShapeTools() {
    }

    /**
     * Applies an operation: {@code amount} is the smallest piece kept, in pixels, for {@link Operation#ISLANDS}, and
     * a radius in pixels for the others.
     */
    public static PixelRect apply(Operation op, Mask mask, int amount) {
        return switch (op) {
            case ISLANDS -> removeIslands(mask, amount);
            case SMOOTH -> smooth(mask, amount);
            case GROW -> grow(mask, amount);
            case SHRINK -> shrink(mask, amount);
        };
    }

    /** Removes every 8-connected piece smaller than {@code minPixels} (the specks that distort a measurement). */
    public static PixelRect removeIslands(Mask mask, long minPixels) {
        return replace(mask, MaskOps.removeSmallComponents(mask, minPixels));
    }

    /** Smooths the outline with a median filter of the given radius: jagged edges and one-pixel spurs go. */
    public static PixelRect smooth(Mask mask, int radius) {
        if (radius < 1 || mask.isEmpty()) {
            return PixelRect.EMPTY;
        }
        OpenCv.load();
        Mat m = MaskOps.toMat(mask);
        try {
            Imgproc.medianBlur(m, m, 2 * radius + 1);
            return replace(mask, MaskOps.fromMat(m));
        } finally {
            m.release();
        }
    }

    /** Grows the mask by {@code radius} pixels all round. */
    public static PixelRect grow(Mask mask, int radius) {
        return mask.isEmpty() ? PixelRect.EMPTY : replace(mask, MaskOps.dilate(mask, radius));
    }

    /** Shrinks the mask by {@code radius} pixels all round (pieces thinner than that vanish). */
    public static PixelRect shrink(Mask mask, int radius) {
        return mask.isEmpty() ? PixelRect.EMPTY : replace(mask, MaskOps.erode(mask, radius));
    }

    private static PixelRect replace(Mask mask, Mask next) {
        PixelRect changed = Regions.difference(mask, next);
        if (!changed.isEmpty()) {
            Regions.copyIn(mask, changed, Regions.copyOut(next, changed));
        }
        return changed;
    }
}
