package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskToolsTest {

    @Test
    void brushPaintsARoundDotOfTheGivenRadius() {
        Mask m = new Mask(40, 40);
        PixelRect r = MaskTools.stroke(m, 20, 20, 20, 20, 5, true);
        assertTrue(m.get(20, 20));
        assertTrue(m.get(25, 20));
        assertFalse(m.get(27, 20));
        assertFalse(m.get(25, 25), "corner of the bounding square is outside a disc");
        // area of a radius-5 digital disc is close to pi*25
        assertTrue(Math.abs(m.area() - Math.PI * 25) < 20, "area " + m.area());
        assertTrue(r.x() <= 15 && r.x() + r.width() >= 26);
    }

    @Test
    void brushStrokeCoversTheWholeSegmentAndValuesStayBinary() {
        Mask m = new Mask(100, 50);
        MaskTools.stroke(m, 10, 25, 90, 25, 3, true);
        for (int x = 10; x <= 90; x++) {
            assertTrue(m.get(x, 25) && m.get(x, 22) && m.get(x, 28), "column " + x);
        }
        for (byte b : m.data()) {
            assertTrue(b == 0 || b == (byte) 255);
        }
    }

    @Test
    void eraserRemovesOnlyUnderTheStroke() {
        Mask m = new Mask(30, 30);
        java.util.Arrays.fill(m.data(), (byte) 255);
        MaskTools.stroke(m, 0, 15, 29, 15, 1, false);
        assertFalse(m.get(5, 15));
        assertFalse(m.get(5, 16));
        assertTrue(m.get(5, 18));
        assertEquals(30 * 30 - 30 * 3, m.area());
    }

    @Test
    void strokeOutsideTheImageIsClippedNotAnError() {
        Mask m = new Mask(10, 10);
        assertTrue(MaskTools.stroke(m, -50, -50, -40, -40, 2, true).isEmpty());
        MaskTools.stroke(m, -5, 5, 15, 5, 0, true);
        assertEquals(10, m.area());
    }

    @Test
    void polygonFillsItsInterior() {
        Mask m = new Mask(50, 50);
        MaskTools.polygon(m, new int[] {10, 10, 39, 10, 39, 39, 10, 39}, true);
        assertEquals(30 * 30, m.area());
        assertTrue(m.get(25, 25));
        assertFalse(m.get(9, 25));
    }

    @Test
    void floodFillFillsTheEnclosedHoleOnly() {
        Mask m = new Mask(40, 40);
        // a ring: outer square 10..29 minus inner 15..24
        MaskTools.polygon(m, new int[] {10, 10, 29, 10, 29, 29, 10, 29}, true);
        MaskTools.polygon(m, new int[] {15, 15, 24, 15, 24, 24, 15, 24}, false);
        long ring = m.area();
        PixelRect r = MaskTools.floodFill(m, 20, 20, true);
        assertEquals(ring + 100, m.area());
        assertEquals(new PixelRect(15, 15, 10, 10), r);
        assertFalse(m.get(5, 5), "outside the ring is untouched");
        assertTrue(MaskTools.floodFill(m, 20, 20, true).isEmpty(), "already inside: no change");
    }

    @Test
    void clearEmptiesTheMask() {
        Mask m = new Mask(8, 8);
        m.set(3, 3, true);
        assertFalse(MaskTools.clear(m).isEmpty());
        assertTrue(m.isEmpty());
        assertTrue(MaskTools.clear(m).isEmpty());
    }
}
