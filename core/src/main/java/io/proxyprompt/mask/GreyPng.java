package io.proxyprompt.mask;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes an 8-bit greyscale image as PNG with every row unfiltered, its runs coded as runs ({@link RunDeflater}),
 * or deflated by the JDK's zlib at a chosen level (to compare). Masks and label maps are long runs of a few values,
 * which compress as well unfiltered; libpng (behind OpenCV) tries every row filter on every row, which cost three
 * times as long as the compression itself on 4-megapixel masks (docs/engine.md, PNG encoding).
 */
final class GreyPng {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private GreyPng() {
    }

    /** The PNG file bytes of {@code grey} ({@code width * height} bytes, row-major), its runs coded as runs. */
    static byte[] encodeRuns(int width, int height, byte[] grey) {
        checkSize(width, height, grey);
        return png(width, height, RunDeflater.deflateRows(width, height, grey));
    }

    /** The PNG file bytes of {@code grey} ({@code width * height} bytes, row-major) at zlib level {@code level}. */
    static byte[] encode(int width, int height, byte[] grey, int level) {
        checkSize(width, height, grey);
        return png(width, height, deflateRows(width, height, grey, level));
    }

    private static void checkSize(int width, int height, byte[] grey) {
        if ((long) width * height != grey.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
                    + " bytes, got " + grey.length);
        }
    }

    private static byte[] png(int width, int height, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.length + 64);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** The zlib stream of the rows, each preceded by filter type 0 (none). */
    private static byte[] deflateRows(int width, int height, byte[] grey, int level) {
        Deflater deflater = new Deflater(level);
        try {
            ByteArrayOutputStream z = new ByteArrayOutputStream(grey.length / 64 + 64);
            byte[] row = new byte[width + 1];
            byte[] buf = new byte[1 << 16];
            for (int y = 0; y < height; y++) {
                System.arraycopy(grey, y * width, row, 1, width);
                deflater.setInput(row);
                while (!deflater.needsInput()) {
                    z.write(buf, 0, deflater.deflate(buf));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                z.write(buf, 0, deflater.deflate(buf));
            }
            return z.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
