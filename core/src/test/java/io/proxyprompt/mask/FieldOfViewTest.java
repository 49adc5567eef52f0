package io.proxyprompt.mask;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldOfViewTest {

    /** A dark-bordered photograph with a bright ellipse (the field of view) and a notch cut into its edge. */
    private static byte[] photograph(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        double rx = 0.45 * w;
        double ry = 0.47 * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / rx;
                double dy = (y - h / 2.0) / ry;
                boolean notch = x > 0.88 * w && Math.abs(y - h / 2) < h / 20;
                boolean inside = dx * dx + dy * dy <= 1 && !notch;
                rgb[3 * (y * w + x)] = (byte) (inside ? 120 + (x * 3 + y * 5) % 90 : (x + y) % 12);
            }
        }
        return rgb;
    }

    @Test
    void everyPixelIsAnsweredAsTheFullSizeMaskHoldsIt() {
        for (int[] size : new int[][] {{2448, 1632}, {1752, 1168}, {700, 500}}) {
            int w = size[0];
            int h = size[1];
            FieldOfView fov = FieldOfView.of(photograph(w, h), w, h);
            Mask full = fov.toMask();
            long differ = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (fov.contains(x, y) != full.get(x, y)) {
                        differ++;
                    }
                }
            }
            // OpenCV interpolates in fixed point: only pixels at exactly half way may round the other way
            assertTrue(differ <= 0.0005 * full.area(), w + "x" + h + ": " + differ + " pixels differ");
            assertFalse(fov.covers(0.97), w + "x" + h);
        }
    }

    @Test
    void aPhotographWithoutADarkBorderIsCoveredWhole() {
        int w = 900;
        int h = 800;
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[3 * i] = (byte) 140;
        }
        FieldOfView fov = FieldOfView.of(rgb, w, h);
        assertTrue(fov.covers(0.97));
        assertTrue(fov.contains(0, 0));
        assertTrue(fov.contains(w - 1, h - 1));
        assertEquals((long) w * h, fov.toMask().area());
    }

    @Test
    void aGrownMaskReachesOutsideExactlyWhereItsDilationLeavesTheFullSizeFieldOfView() {
        int w = 1752;
        int h = 1168;
        FieldOfView fov = FieldOfView.of(photograph(w, h), w, h);
        Mask full = fov.toMask();
        java.util.Random random = new java.util.Random(7);
        int reached = 0;
        for (int n = 0; n < 60; n++) {
            int cx = random.nextInt(w);
            int cy = random.nextInt(h);
            int r = 20 + random.nextInt(120);
            Mask disc = new Mask(w, h);
            for (int y = Math.max(0, cy - r); y <= Math.min(h - 1, cy + r); y++) {
                for (int x = Math.max(0, cx - r); x <= Math.min(w - 1, cx + r); x++) {
                    disc.set(x, y, (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r);
                }
            }
            int grow = 8;
            boolean[] outside = new boolean[1];
            MaskOps.dilate(disc, grow).forEachRun((start, length) -> {
                for (int i = start; i < start + length; i++) {
                    outside[0] |= full.data()[i] == 0;
                }
            });
            assertEquals(outside[0], fov.reachedBy(disc, grow), "disc at " + cx + "," + cy + " r " + r);
            reached += outside[0] ? 1 : 0;
        }
        assertTrue(reached > 5 && reached < 55, "both cases drawn: " + reached);
        assertFalse(fov.reachedBy(new Mask(w, h), 8));
    }
}
