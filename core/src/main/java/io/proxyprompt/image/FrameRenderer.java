package io.proxyprompt.image;

import io.proxyprompt.common.PixelBuffer;

/** Turns a frame's stored samples into 8-bit RGB for the screen and for the model, applying rescale and window. */
public final class FrameRenderer {

    private FrameRenderer() {
    }

    /**
     * The frame as RGB8 to read, never to write: an 8-bit RGB photograph's own pixel array (no copy of a
     * photograph-sized buffer), anything else rendered as {@link #toRgb8(Frame)} does.
     */
    public static byte[] rgb8View(Frame frame) {
        if (frame.pixels() instanceof PixelBuffer.Bytes bytes && frame.channels() == 3 && frame.window() == null
                && frame.rescaleSlope() == 1 && frame.rescaleIntercept() == 0 && !frame.invert()) {
            return bytes.data();
        }
        return toRgb8(frame);
    }

    /** Renders with the frame's own window (or its full value range when it has none). */
    public static byte[] toRgb8(Frame frame) {
        return toRgb8(frame, frame.window());
    }

    /**
     * Renders interleaved RGB, 3 bytes per pixel. 8-bit colour photographs pass through unchanged; grey frames
     * are windowed ({@code window == null}: min..max of the rescaled values) and replicated to three channels.
     */
    public static byte[] toRgb8(Frame frame, Frame.Window window) {
        int pixels = frame.width() * frame.height();
        byte[] rgb = new byte[pixels * 3];
        PixelBuffer buf = frame.pixels();
        boolean identity = frame.rescaleSlope() == 1 && frame.rescaleIntercept() == 0;
        if (buf instanceof PixelBuffer.Bytes bytes && identity && window == null && !frame.invert()) {
            byte[] src = bytes.data();
            if (frame.channels() == 3) {
                System.arraycopy(src, 0, rgb, 0, rgb.length);
            } else {
                for (int i = 0; i < pixels; i++) {
                    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = src[i];
                }
            }
            return rgb;
        }
        double lo;
        double hi;
        if (window != null && window.width() > 0) {
            lo = window.center() - window.width() / 2.0;
            hi = window.center() + window.width() / 2.0;
        } else if (buf instanceof PixelBuffer.Bytes) {
            lo = frame.rescaleIntercept();
            hi = frame.rescaleIntercept() + 255 * frame.rescaleSlope();
        } else {
            double[] range = rescaledRange(frame);
            lo = range[0];
            hi = range[1];
        }
        double span = Math.max(hi - lo, 1e-9);
        int ch = frame.channels();
        for (int i = 0; i < pixels * ch; i++) {
            double v = buf.sample(i) * frame.rescaleSlope() + frame.rescaleIntercept();
            int g = (int) Math.round((v - lo) / span * 255.0);
            g = Math.max(0, Math.min(255, g));
            if (frame.invert()) {
                g = 255 - g;
            }
            if (ch == 3) {
                rgb[i] = (byte) g;
            } else {
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) g;
            }
        }
        return rgb;
    }

    /** Smallest and largest rescaled value in the frame. */
    public static double[] rescaledRange(Frame frame) {
        PixelBuffer buf = frame.pixels();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < buf.length(); i++) {
            int s = buf.sample(i);
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        double a = min * frame.rescaleSlope() + frame.rescaleIntercept();
        double b = max * frame.rescaleSlope() + frame.rescaleIntercept();
        return new double[] {Math.min(a, b), Math.max(a, b)};
    }
}
