package io.proxyprompt.dicom.pixel;

/** YCbCr (ITU-R BT.601 full range, as DICOM YBR_FULL defines it) to RGB. */
final class ColorSpaces {

    private ColorSpaces() {
    }

    /** Converts interleaved YBR_FULL samples to RGB in place. */
    static void ybrFullToRgb(byte[] ybr) {
        for (int i = 0; i + 2 < ybr.length; i += 3) {
            convert(ybr[i] & 0xFF, ybr[i + 1] & 0xFF, ybr[i + 2] & 0xFF, ybr, i);
        }
    }

    /** Expands YBR_FULL_422 (Y1 Y2 Cb Cr per horizontal pixel pair) to interleaved RGB. */
    static void ybr422ToRgb(byte[] src, int offset, int width, int height, byte[] rgb) {
        int p = offset;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += 2) {
                int y1 = src[p] & 0xFF;
                int y2 = src[p + 1] & 0xFF;
                int cb = src[p + 2] & 0xFF;
                int cr = src[p + 3] & 0xFF;
                p += 4;
                int o = (y * width + x) * 3;
                convert(y1, cb, cr, rgb, o);
                if (x + 1 < width) {
                    convert(y2, cb, cr, rgb, o + 3);
                }
            }
        }
    }

    private static void convert(int y, int cb, int cr, byte[] out, int o) {
        double r = y + 1.402 * (cr - 128);
        double g = y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128);
        double b = y + 1.772 * (cb - 128);
        out[o] = clamp(r);
        out[o + 1] = clamp(g);
        out[o + 2] = clamp(b);
    }

    private static byte clamp(double v) {
        long r = Math.round(v);
        return (byte) (r < 0 ? 0 : r > 255 ? 255 : r);
    }
}
