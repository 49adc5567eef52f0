package io.proxyprompt.testing;

import io.proxyprompt.mask.Mask;

/** Synthetic masks that tests in several packages draw the same way. */
public final class TestMasks {

    private TestMasks() {
    }

    /** A filled disc of radius {@code r} centred on ({@code cx}, {@code cy}) in a {@code w} x {@code h} mask. */
    public static Mask disc(int w, int h, int cx, int cy, int r) {
        Mask m = new Mask(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    m.set(x, y, true);
                }
            }
        }
        return m;
    }
}
