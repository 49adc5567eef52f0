package io.proxyprompt.dicom.pixel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte
 * plane (most significant byte of each sample first).
 */
public final class RleCodec {

    private RleCodec() {
    }

    /**
     * Decodes one frame to native little-endian bytes, samples interleaved (planar configuration 0).
     *
     * @throws PixelException when the header or a segment is inconsistent with the image size
     */
    static byte[] decode(byte[] frame, PixelFormat f) throws PixelException {
        int bytesPerSample = Math.max(1, f.bitsAllocated() / 8);
        int spp = f.samplesPerPixel();
        int expectedSegments = bytesPerSample * spp;
        if (frame.length < 64) {
            throw new PixelException("RLE frame is shorter than its 64-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = h.getInt(0);
        if (segments != expectedSegments) {
            throw new PixelException("RLE header lists " + segments + " segments, expected " + expectedSegments
                    + " for " + spp + " samples of " + f.bitsAllocated() + " bits");
        }
        int pixels = f.bitsAllocated() == 1 ? (f.rows() * f.columns() + 7) / 8 : f.rows() * f.columns();
        if ((long) pixels * segments > 64L * frame.length + 1024) {
            // PackBits expands at most 64x: a header that promises more than that is lying about the size.
            throw new PixelException("RLE frame of " + frame.length + " bytes cannot hold a " + f.columns() + "x"
                    + f.rows() + " image");
        }
        byte[] out = new byte[pixels * spp * bytesPerSample];
        for (int s = 0; s < segments; s++) {
            long start = h.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? h.getInt(8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || start > end || end > frame.length) {
                throw new PixelException("RLE segment " + (s + 1) + " offsets " + start + ".." + end
                        + " lie outside the " + frame.length + "-byte frame");
            }
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - s % bytesPerSample; // MSB segment first, output is LE
            int stride = spp * bytesPerSample;
            int base = sample * bytesPerSample + byteInSample;
            unpackBits(frame, (int) start, (int) end, out, base, stride, pixels, s + 1);
        }
        return out;
    }

    private static void unpackBits(byte[] in, int pos, int end, byte[] out, int base, int stride, int pixels,
                                   int segment) throws PixelException {
        int n = 0;
        while (pos < end && n < pixels) {
            int c = in[pos++];
            if (c >= 0) {
                int count = c + 1;
                if (pos + count > end || n + count > pixels) {
                    throw new PixelException("RLE segment " + segment + " literal run overruns the frame");
                }
                for (int i = 0; i < count; i++) {
                    out[base + (n++) * stride] = in[pos++];
                }
            } else if (c != -128) {
                int count = 1 - c;
                if (pos >= end || n + count > pixels) {
                    throw new PixelException("RLE segment " + segment + " replicate run overruns the frame");
                }
                byte v = in[pos++];
                for (int i = 0; i < count; i++) {
                    out[base + (n++) * stride] = v;
                }
            }
        }
        if (n < pixels) {
            throw new PixelException("RLE segment " + segment + " decodes to " + n + " bytes, expected " + pixels);
        }
    }

    /** Encodes one byte plane with PackBits as PS3.5 G.3 describes (used by tests and writers). */
    public static byte[] packBits(byte[] plane) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < plane.length) {
            int run = 1;
            while (i + run < plane.length && run < 128 && plane[i + run] == plane[i]) {
                run++;
            }
            if (run >= 2) {
                out.write(1 - run);
                out.write(plane[i]);
                i += run;
            } else {
                int start = i;
                int len = 0;
                while (i < plane.length && len < 128
                        && !(i + 1 < plane.length && plane[i + 1] == plane[i])) {
                    i++;
                    len++;
                }
                if (len == 0) {
                    len = 1;
                    i++;
                }
                out.write(len - 1);
                out.write(plane, start, len);
            }
        }
        return out.toByteArray();
    }
}
