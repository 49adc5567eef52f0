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

    public Mask(int width, int height) {
        this(width, height, new byte[checkedSize(width, height)]);
    }

    /** Wraps {@code data} (row-major, any non-zero byte counts as inside and is normalised to 255). */
    public Mask(int width, int height, byte[] data) {
        if (data.length != checkedSize(width, height)) {
            throw new IllegalArgumentException("Mask data holds " + data.length + " bytes, expected "
                    + (long) width * height + " for " + width + "x" + height);
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] != 0) {
                data[i] = INSIDE;
            }
        }
        this.width = width;
        this.height = height;
        this.data = data;
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
        long n = 0;
        for (byte b : data) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean sameSize(int otherWidth, int otherHeight) {
        return width == otherWidth && height == otherHeight;
    }

    public Mask copy() {
        return new Mask(width, height, data.clone());
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
