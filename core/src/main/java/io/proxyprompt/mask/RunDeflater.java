package io.proxyprompt.mask;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A zlib stream (RFC 1950/1951) of PNG scanlines that codes each run of equal bytes as one literal and back
 * references of distance 1, in a single block of the fixed Huffman code: what zlib's {@code Z_RLE} strategy does,
 * which the JDK's {@link java.util.zip.Deflater} does not offer. Masks and label maps are long runs of a few values,
 * so the runs are found with vectorised comparisons and the work grows with the number of runs, not of pixels:
 * 0.2 ms against 8-12 ms for zlib level 1-2 on a 4-megapixel disc mask, at the same size (docs/engine.md).
 */
final class RunDeflater {

    private static final int MAX_MATCH = 258;
    private static final int ADLER_MOD = 65521;
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
        59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
        4, 5, 5, 5, 5, 0};

    private final ByteArrayOutputStream out;
    private long bits;
    private int bitCount;
    private long s1 = 1;
    private long s2;
    private int runValue = -1;
    private long runLength;

    private RunDeflater(int expectedSize) {
        out = new ByteArrayOutputStream(Math.max(64, expectedSize));
    }

    /** The zlib stream of the rows of {@code grey}, each preceded by filter type 0 (none). */
    static byte[] deflateRows(int width, int height, byte[] grey) {
        RunDeflater z = new RunDeflater(grey.length / 64);
        z.out.write(0x78); // deflate, 32 KB window
        z.out.write(0x01); // fastest, no dictionary; (0x78 * 256 + 0x01) % 31 == 0
        z.writeBits(1, 1); // the final block
        z.writeBits(1, 2); // fixed Huffman codes
        for (int y = 0; y < height; y++) {
            z.add(0, 1);
            int start = y * width;
            int end = start + width;
            int i = start;
            while (i < end) {
                int k = Arrays.mismatch(grey, i, end - 1, grey, i + 1, end);
                int run = k < 0 ? end - i : k + 1;
                z.add(grey[i] & 0xFF, run);
                i += run;
            }
        }
        z.flushRun();
        z.writeSymbol(256);
        if (z.bitCount > 0) {
            z.writeBits(0, 8 - z.bitCount);
        }
        long adler = (z.s2 << 16) | z.s1;
        for (int shift = 24; shift >= 0; shift -= 8) {
            z.out.write((int) (adler >>> shift) & 0xFF);
        }
        return z.out.toByteArray();
    }

    /** Appends {@code n} bytes of {@code value}, joining them to the run before when it has the same value. */
    private void add(int value, long n) {
        // Adler-32 of n equal bytes at once: s1 grows by n * value, s2 by n * s1 + value * n (n + 1) / 2
        s2 = (s2 + (n % ADLER_MOD) * s1 + (long) value * ((n * (n + 1) / 2) % ADLER_MOD)) % ADLER_MOD;
        s1 = (s1 + (n % ADLER_MOD) * value) % ADLER_MOD;
        if (value == runValue) {
            runLength += n;
            return;
        }
        flushRun();
        runValue = value;
        runLength = n;
    }

    /** Codes the pending run: one literal, then matches at distance 1 (each 3-258 bytes), then 0-2 literals. */
    private void flushRun() {
        if (runValue < 0) {
            return;
        }
        writeSymbol(runValue);
        long left = runLength - 1;
        while (left >= 3) {
            int len = (int) Math.min(MAX_MATCH, left);
            if (left - len > 0 && left - len < 3) {
                len = (int) left - 3; // never leave 1 or 2 bytes that a match cannot cover
            }
            writeLength(len);
            writeBits(0, 5); // distance code 0: distance 1, no extra bits
            left -= len;
        }
        for (; left > 0; left--) {
            writeSymbol(runValue);
        }
    }

    private void writeLength(int length) {
        int code = LENGTH_BASE.length - 1;
        while (LENGTH_BASE[code] > length) {
            code--;
        }
        writeSymbol(257 + code);
        if (LENGTH_EXTRA[code] > 0) {
            writeBits(length - LENGTH_BASE[code], LENGTH_EXTRA[code]);
        }
    }

    /** A literal/length symbol in the fixed Huffman code (RFC 1951, 3.2.6), most significant bit first. */
    private void writeSymbol(int symbol) {
        int code;
        int length;
        if (symbol < 144) {
            code = 0x30 + symbol;
            length = 8;
        } else if (symbol < 256) {
            code = 0x190 + symbol - 144;
            length = 9;
        } else if (symbol < 280) {
            code = symbol - 256;
            length = 7;
        } else {
            code = 0xC0 + symbol - 280;
            length = 8;
        }
        writeBits(Integer.reverse(code) >>> (32 - length), length);
    }

    /** Appends the low {@code n} bits of {@code value}, least significant first (the deflate bit order). */
    private void writeBits(int value, int n) {
        bits |= ((long) value & ((1L << n) - 1)) << bitCount;
        bitCount += n;
        while (bitCount >= 8) {
            out.write((int) bits & 0xFF);
            bits >>>= 8;
            bitCount -= 8;
        }
    }
}
