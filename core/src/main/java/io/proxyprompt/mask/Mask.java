package io.proxyprompt.mask;

import java.util.Arrays;

/**
 * A binary mask the size of its image, one byte per pixel: 0 outside, 255 inside (the PNG convention).
 * Mutable so that editing tools can paint into it; copy it before handing it to another owner.
 */
public final class Mask {

    public static final byte INSIDE = (byte) 255;

    private final int width;
    private final int height;
    private final byte[] data;

    /** An empty mask (its zeros need no normalising pass). */
    public Mask(int width, int height) {
        this(width, height, new byte[checkedSize(width, height)], true);
    }

    /** Wraps {@code data} (row-major, any non-zero byte counts as inside and is normalised to 255). */
    public Mask(int width, int height, byte[] data) {
        if (data.length != checkedSize(width, height)) {
            throw new IllegalArgumentException("Mask data holds " + data.length + " bytes, expected "
                    + (long) width * height + " for " + width + "x" + height);
        }
        for (int i = 0; i < data.length; i++) {
            // branch-free (non-zero -> 255), so the loop vectorises: photographs have millions of pixels
            data[i] = (byte) (-(data[i] & 0xFF) >> 31);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** Wraps bytes that are already 0 or 255 (results of this package's own operations), skipping the pass. */
    private Mask(int width, int height, byte[] data, boolean binary) {
        if (data.length != checkedSize(width, height)) {
            throw new IllegalArgumentException("Mask data holds " + data.length + " bytes, expected "
                    + (long) width * height + " for " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /**
     * Wraps bytes that the caller made 0 or 255 and nothing else (an OpenCV binary threshold's output), skipping the
     * normalising pass over every pixel; anything else breaks the mask's invariant.
     */
    public static Mask ofBinary(int width, int height, byte[] data) {
        return new Mask(width, height, data, true);
    }

    /** Receives one run of inside pixels: {@code length} pixels from row-major index {@code start}. */
    @FunctionalInterface
    public interface RunConsumer {
        void accept(int start, int length);
    }

    /**
     * Visits every run of inside pixels in row-major order (a run may continue onto the next row). Found with
     * vectorised comparisons, so a small object on a large photograph costs little more than a scan of zeros.
     */
    public void forEachRun(RunConsumer consumer) {
        int i = firstInside(data, 0, data.length);
        while (i >= 0) {
            int run = runOfInside(data, i);
            consumer.accept(i, run);
            i = firstInside(data, i + run, data.length);
        }
    }

    private static int checkedSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid mask size " + width + "x" + height);
        }
        return width * height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean get(int x, int y) {
        return data[y * width + x] != 0;
    }

    public void set(int x, int y, boolean inside) {
        data[y * width + x] = inside ? INSIDE : 0;
    }

    /** The backing bytes (0/255), shared, not copied: writers must keep values 0 or 255. */
    public byte[] data() {
        return data;
    }

    /** Number of inside pixels. */
    public long area() {
        // runs of inside pixels found with vectorised comparisons: a mask is mostly long runs of 0 and of 255
        long[] n = new long[1];
        forEachRun((start, length) -> n[0] += length);
        return n[0];
    }

    /** Length (at least 1) of the run of 255 bytes at {@code from}, where {@code data[from]} is non-zero. */
    private static int runOfInside(byte[] data, int from) {
        int i = from;
        while (i < data.length) {
            int end = Math.min(data.length, i + ONES.length);
            int m = Arrays.mismatch(data, i, end, ONES, 0, end - i);
            if (m >= 0) {
                return Math.max(1, i + m - from);
            }
            i = end;
        }
        return data.length - from;
    }

    public boolean isEmpty() {
        return firstInside(data, 0, data.length) < 0;
    }

    /** Index of the first non-zero byte of {@code data[from, to)}, or -1 (a vectorised comparison with zeros). */
    static int firstInside(byte[] data, int from, int to) {
        for (int start = from; start < to; start += ZEROS.length) {
            int end = Math.min(to, start + ZEROS.length);
            int i = Arrays.mismatch(data, start, end, ZEROS, 0, end - start);
            if (i >= 0) {
                return start + i;
            }
        }
        return -1;
    }

    private static final byte[] ZEROS = new byte[8192];
    private static final byte[] ONES = new byte[8192];

    static {
        Arrays.fill(ONES, INSIDE);
    }

    public boolean sameSize(int otherWidth, int otherHeight) {
        return width == otherWidth && height == otherHeight;
    }

    public Mask copy() {
        return new Mask(width, height, data.clone(), true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", area=" + area() + "]";
    }
}
