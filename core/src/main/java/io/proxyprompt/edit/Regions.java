package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;

import java.util.Arrays;

/** Copies rectangles of mask bytes in and out, and finds where two masks differ. */
public final class Regions {

    private Regions() {
    }

    /** The bytes of {@code box}, row-major. */
    public static byte[] copyOut(Mask mask, PixelRect box) {
        byte[] out = new byte[box.width() * box.height()];
        byte[] src = mask.data();
        for (int row = 0; row < box.height(); row++) {
            System.arraycopy(src, (box.y() + row) * mask.width() + box.x(), out, row * box.width(), box.width());
        }
        return out;
    }

    /** Writes {@code bytes} (row-major, 0/255) into {@code box}. */
    public static void copyIn(Mask mask, PixelRect box, byte[] bytes) {
        byte[] dst = mask.data();
        for (int row = 0; row < box.height(); row++) {
            System.arraycopy(bytes, row * box.width(), dst, (box.y() + row) * mask.width() + box.x(), box.width());
        }
    }

    /**
     * The bounding box of the pixels that differ between two masks of the same size (empty if none). Equal rows and
     * the equal ends of a row are skipped with vectorised comparisons: a new result differs from the mask before
     * only around the object, a small part of a photograph.
     */
    public static PixelRect difference(Mask a, Mask b) {
        if (!a.sameSize(b.width(), b.height())) {
            throw new IllegalArgumentException("Masks differ in size: " + a + " vs " + b);
        }
        byte[] da = a.data();
        byte[] db = b.data();
        int w = a.width();
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < a.height(); y++) {
            int off = y * w;
            int first = Arrays.mismatch(da, off, off + w, db, off, off + w);
            if (first < 0) {
                continue;
            }
            int last = lastMismatch(da, db, off + first, off + w) - off;
            minX = Math.min(minX, first);
            maxX = Math.max(maxX, last);
            minY = Math.min(minY, y);
            maxY = y;
        }
        return maxX < 0 ? PixelRect.EMPTY : new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Index of the last differing byte in {@code [from, to)}, where {@code from} is known to differ. */
    private static int lastMismatch(byte[] a, byte[] b, int from, int to) {
        int end = to;
        while (end - from > TAIL && Arrays.equals(a, end - TAIL, end, b, end - TAIL, end)) {
            end -= TAIL;
        }
        for (int i = end - 1; i > from; i--) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return from;
    }

    /** Bytes compared at once while looking for a row's last difference from its end. */
    private static final int TAIL = 64;
}
