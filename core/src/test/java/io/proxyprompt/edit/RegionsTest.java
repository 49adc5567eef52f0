package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegionsTest {

    @Test
    void differenceIsTheBoxOfEveryDifferingPixelWhereverTheyLie() {
        Random rnd = new Random(20);
        for (int trial = 0; trial < 400; trial++) {
            int w = 1 + rnd.nextInt(300);
            int h = 1 + rnd.nextInt(40);
            Mask a = new Mask(w, h);
            for (int i = 0; i < w * h / 3; i++) {
                a.set(rnd.nextInt(w), rnd.nextInt(h), true);
            }
            Mask b = a.copy();
            int changes = rnd.nextInt(4);
            for (int i = 0; i < changes; i++) {
                // edges of rows and of the image are where a scan from both ends goes wrong
                int x = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> w - 1;
                    default -> rnd.nextInt(w);
                };
                int y = rnd.nextInt(h);
                b.set(x, y, !b.get(x, y));
            }
            assertEquals(byEveryPixel(a, b), Regions.difference(a, b), "trial " + trial + ", " + w + "x" + h);
        }
    }

    @Test
    void equalMasksHaveNoDifferenceAndOppositeOnesDifferEverywhere() {
        Mask a = new Mask(130, 7);
        assertEquals(PixelRect.EMPTY, Regions.difference(a, a.copy()));
        Mask full = new Mask(130, 7);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 130; x++) {
                full.set(x, y, true);
            }
        }
        assertEquals(new PixelRect(0, 0, 130, 7), Regions.difference(a, full));
    }

    /** The definition, pixel by pixel. */
    private static PixelRect byEveryPixel(Mask a, Mask b) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (a.get(x, y) != b.get(x, y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? PixelRect.EMPTY : new PixelRect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }
}
