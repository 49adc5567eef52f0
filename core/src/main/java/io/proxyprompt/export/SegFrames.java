package io.proxyprompt.export;

import io.proxyprompt.dicom.seg.BinaryFrame;
import io.proxyprompt.mask.Mask;

/** Converts between the application's {@link Mask} and the DICOM layer's {@link BinaryFrame}. */
public final class SegFrames {

    private SegFrames() {
    }

    /** The mask's pixels as a SEG frame (shared, not copied); null stays null (no frame for that source). */
    public static BinaryFrame toFrame(Mask mask) {
        return mask == null ? null : new BinaryFrame(mask.width(), mask.height(), mask.data());
    }

    /** A new mask holding a copy of the frame's pixels. */
    public static Mask toMask(BinaryFrame frame) {
        return new Mask(frame.width(), frame.height(), frame.pixels().clone());
    }
}
