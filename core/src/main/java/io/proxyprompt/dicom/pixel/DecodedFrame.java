package io.proxyprompt.dicom.pixel;

import io.proxyprompt.common.PixelBuffer;

/**
 * One decoded frame: grey samples at stored depth (channels 1) or 8-bit RGB (channels 3), interleaved.
 *
 * @param monochrome1 true when high values are dark (the viewer inverts)
 */
public record DecodedFrame(int width, int height, int channels, PixelBuffer pixels, boolean monochrome1) {
}
