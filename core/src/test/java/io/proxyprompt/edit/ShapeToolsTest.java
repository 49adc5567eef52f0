package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.mask.MaskShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeToolsTest {

    /** A disc of radius 30 at (60, 60) with a detached 6-pixel speck and a 584-pixel piece, as issue 16 saw them. */
    private static Mask discWithIslands() {
        Mask m = new Mask(200, 140);
        MaskTools.stroke(m, 60, 60, 60, 60, 30, true);
        MaskTools.polygon(m, new int[] {150, 10, 152, 10, 152, 11, 150, 11}, true); // 3 x 2 = 6 px
        MaskTools.polygon(m, new int[] {140, 100, 175, 100, 175, 115, 140, 115}, true);
        return m;
    }

    @Test
    void islandsBelowTheSizeGoAndTheMainRegionStays() {
        Mask m = discWithIslands();
        long disc = MaskMetrics.largestComponent(m).area();
        assertEquals(3, MaskShape.of(m).componentAreas().length);
        PixelRect changed = ShapeTools.removeIslands(m, 10);
        assertEquals(2, MaskShape.of(m).componentAreas().length, "the 6-px speck is gone");
        assertEquals(new PixelRect(150, 10, 3, 2), changed);
        ShapeTools.removeIslands(m, 1000);
        assertEquals(disc, m.area(), "only the disc is left");
        assertEquals(PixelRect.EMPTY, ShapeTools.removeIslands(m, 1000), "nothing more to remove");
    }

    @Test
    void growAndShrinkMoveTheOutlineByTheRadius() {
        Mask m = new Mask(100, 100);
        MaskTools.polygon(m, new int[] {30, 30, 69, 30, 69, 69, 30, 69}, true);
        assertEquals(40 * 40, m.area());
        ShapeTools.grow(m, 2);
        assertTrue(m.get(28, 50) && !m.get(27, 50), "two pixels further out");
        ShapeTools.shrink(m, 4);
        assertTrue(m.get(32, 50) && !m.get(31, 50), "two pixels inside the original edge");
        assertEquals(PixelRect.EMPTY, ShapeTools.grow(new Mask(10, 10), 3), "an empty mask stays empty");
    }

    @Test
    void smoothingRemovesSpursAndJaggedEdgesButKeepsTheShape() {
        Mask m = new Mask(120, 120);
        MaskTools.polygon(m, new int[] {30, 30, 89, 30, 89, 89, 30, 89}, true);
        MaskTools.stroke(m, 90, 60, 110, 60, 0, true); // a one-pixel spur
        for (int x = 40; x < 80; x += 4) {
            m.set(x, 30, false); // notches along the top edge
        }
        Mask before = m.copy();
        ShapeTools.smooth(m, 2);
        assertFalse(m.get(105, 60), "the spur is gone");
        assertTrue(m.get(44, 30), "the notched edge is filled in");
        assertTrue(MaskMetrics.dice(before, m) > 0.97, "the disc keeps its shape");
    }

    @Test
    void anOperationIsOneUndoableStep() {
        Mask m = discWithIslands();
        Mask original = m.copy();
        MaskHistory h = new MaskHistory(10, 1 << 20);
        Mask before = m.copy();
        ShapeTools.apply(ShapeTools.Operation.ISLANDS, m, 1000);
        assertTrue(h.record(ShapeTools.Operation.ISLANDS.label(), java.util.List.of(
                new MaskHistory.Edit("disc@0", before, m))));
        h.undo(k -> m);
        assertEquals(original, m);
    }
}
