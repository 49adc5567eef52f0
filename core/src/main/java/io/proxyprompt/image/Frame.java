package io.proxyprompt.image;

import io.proxyprompt.common.PixelBuffer;

import java.util.Objects;

/**
 * One decoded 2-D frame: interleaved samples (1 = grey, 3 = RGB) with the value mapping needed to show it.
 *
 * @param rescaleSlope     modality rescale (DICOM 0028,1053), 1 for photographs
 * @param rescaleIntercept modality rescale (DICOM 0028,1052), 0 for photographs
 * @param window           default display window in rescaled units, or {@code null} to use the frame's range
 * @param invert           true for MONOCHROME1 (high values are dark)
 */
public record Frame(int width, int height, int channels, PixelBuffer pixels,
                    double rescaleSlope, double rescaleIntercept, Window window, boolean invert,
                    FrameOrigin origin) {

    public Frame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Frame size must be positive: " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("Frames hold 1 or 3 channels, not " + channels);
        }
        Objects.requireNonNull(pixels, "pixels");
        if ((long) width * height * channels != pixels.length()) {
            throw new IllegalArgumentException("Pixel buffer holds " + pixels.length() + " samples, expected "
                    + (long) width * height * channels);
        }
    }

    /** A photograph frame: 8-bit, no rescale, full range. */
    public static Frame photo(int width, int height, int channels, byte[] data, FrameOrigin origin) {
        return new Frame(width, height, channels, new PixelBuffer.Bytes(data), 1, 0, null, false, origin);
    }

    /** A display window in rescaled units (centre/width as DICOM defines them). */
    public record Window(double center, double width) { }
}
