package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;

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

    /** The bounding box of the pixels that differ between two masks of the same size (empty if none). */
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
            int first = -1;
            int last = -1;
            for (int x = 0; x < w; x++) {
                if (da[off + x] != db[off + x]) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            if (first >= 0) {
                minX = Math.min(minX, first);
                maxX = Math.max(maxX, last);
                minY = Math.min(minY, y);
                maxY = y;
            }
        }
        return maxX < 0 ? PixelRect.EMPTY : new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
