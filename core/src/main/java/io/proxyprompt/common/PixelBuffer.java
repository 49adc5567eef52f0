package io.proxyprompt.common;

/** Raw interleaved samples of one frame, kept at their stored depth so nothing is lost before windowing. */
public sealed interface PixelBuffer permits PixelBuffer.Bytes, PixelBuffer.Shorts {

    /** Number of samples (width x height x channels). */
    int length();

    /** Sample {@code i} as a number (unsigned for 8-bit, signed or unsigned for 16-bit as stored). */
    int sample(int i);

    /** 8-bit unsigned samples. */
    record Bytes(byte[] data) implements PixelBuffer {
        @Override
        public int length() {
            return data.length;
        }

        @Override
        public int sample(int i) {
            return data[i] & 0xFF;
        }
    }

    /** 16-bit samples; {@code signed} follows DICOM Pixel Representation. */
    record Shorts(short[] data, boolean signed) implements PixelBuffer {
        @Override
        public int length() {
            return data.length;
        }

        @Override
        public int sample(int i) {
            return signed ? data[i] : data[i] & 0xFFFF;
        }
    }
}
