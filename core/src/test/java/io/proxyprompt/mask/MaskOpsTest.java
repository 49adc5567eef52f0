package io.proxyprompt.mask;

import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskOpsTest {

    @Test
    void fillHolesFillsEnclosedBackgroundOnly() {
        Mask ring = TinyModel.rect(20, 20, 2, 2, 12, 12);
        for (int y = 5; y < 9; y++) {
            for (int x = 5; x < 9; x++) {
                ring.set(x, y, false);
            }
        }
        Mask filled = MaskOps.fillHoles(ring);
        assertEquals(TinyModel.rect(20, 20, 2, 2, 12, 12), filled);
    }

    @Test
    void smallComponentsAreDroppedAndLargeOnesKept() {
        Mask m = TinyModel.rect(30, 30, 0, 0, 10, 10);
        m.set(20, 20, true);
        m.set(21, 20, true);
        Mask cleaned = MaskOps.removeSmallComponents(m, 5);
        assertEquals(TinyModel.rect(30, 30, 0, 0, 10, 10), cleaned);
    }

    @Test
    void keepInsideClipsToTheContainer() {
        Mask cup = TinyModel.rect(10, 10, 0, 0, 6, 6);
        Mask disc = TinyModel.rect(10, 10, 3, 3, 10, 10);
        assertEquals(TinyModel.rect(10, 10, 3, 3, 6, 6), MaskOps.keepInside(cup, disc));
    }

    @Test
    void diceIsOneForEqualMasksAndTwoOverlapOverSumOtherwise() {
        Mask a = TinyModel.rect(10, 10, 0, 0, 4, 5);
        Mask b = TinyModel.rect(10, 10, 2, 0, 6, 5);
        assertEquals(1.0, MaskMetrics.dice(a, a.copy()));
        assertEquals(2.0 * 10 / 40, MaskMetrics.dice(a, b), 1e-12);
        assertEquals(1.0, MaskMetrics.dice(new Mask(3, 3), new Mask(3, 3)));
    }

    @Test
    void verticalCupToDiscIsTheRatioOfHeights() {
        Mask disc = TinyModel.rect(50, 50, 10, 10, 40, 40);
        Mask cup = TinyModel.rect(50, 50, 20, 18, 30, 30);
        assertEquals(12.0 / 30.0, MaskMetrics.verticalCupToDisc(cup, disc).getAsDouble(), 1e-12);
        assertTrue(MaskMetrics.verticalCupToDisc(cup, new Mask(50, 50)).isEmpty());
    }

    @Test
    void vesselFractionCountsOnlyInsideTheFieldOfView() {
        Mask fov = TinyModel.rect(10, 10, 0, 0, 10, 5);
        Mask vessel = TinyModel.rect(10, 10, 0, 0, 1, 10);
        assertEquals(5.0 / 50.0, MaskMetrics.vesselAreaFraction(vessel, fov).getAsDouble(), 1e-12);
    }

    @Test
    void theFieldOfViewOfAFundusLikeImageIsItsBrightDisc() {
        int w = 100;
        int h = 80;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = (x - 50) * (x - 50) + (y - 40) * (y - 40) <= 35 * 35;
                rgb[3 * (y * w + x)] = (byte) (inside ? 180 : 5);
            }
        }
        rgb[3 * (40 * w + 50)] = 0; // a dark speck inside (a vessel) must not punch a hole
        Mask fov = MaskMetrics.fieldOfView(rgb, w, h);
        assertTrue(fov.get(50, 40));
        assertTrue(fov.get(50, 10));
        assertTrue(!fov.get(2, 2));
        assertEquals(Math.PI * 35 * 35, fov.area(), 60);
    }

    @Test
    void aBlackPhotographHasNoFieldOfViewWhateverItsSize() {
        for (int[] size : new int[][] {{60, 40}, {2448, 1632}}) {
            Mask fov = MaskMetrics.fieldOfView(new byte[size[0] * size[1] * 3], size[0], size[1]);
            assertEquals(size[0], fov.width());
            assertEquals(size[1], fov.height());
            assertTrue(fov.isEmpty(), size[0] + "x" + size[1]);
        }
    }

    @Test
    void aLargePhotographsFieldOfViewIsItsBrightDiscToWithinTheSamplingStep() {
        int w = 2448;
        int h = 1632;
        double r = 780;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = Math.hypot(x - 1224, y - 816) <= r;
                rgb[3 * (y * w + x)] = (byte) (inside ? 150 + (x * 7 + y * 13) % 60 : (x + y) % 15);
            }
        }
        for (int y = 700; y < 720; y++) { // a dark vessel across the middle must not cut a hole
            for (int x = 900; x < 1500; x++) {
                rgb[3 * (y * w + x)] = 3;
            }
        }
        int step = FieldOfView.step(w, h);
        assertEquals(4, step);
        Mask fov = MaskMetrics.fieldOfView(rgb, w, h);
        for (int y = 0; y < h; y += 7) {
            for (int x = 0; x < w; x += 7) {
                double d = Math.hypot(x - 1224, y - 816);
                if (d < r - step) {
                    assertTrue(fov.get(x, y), "inside at " + x + "," + y);
                } else if (d > r + step) {
                    assertTrue(!fov.get(x, y), "outside at " + x + "," + y);
                }
            }
        }
        assertEquals(Math.PI * r * r, fov.area(), 0.01 * Math.PI * r * r);
    }
}
