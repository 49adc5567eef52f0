package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskHistoryTest {

    private final Mask disc = new Mask(64, 64);
    private final Mask cup = new Mask(64, 64);
    private final Map<String, Mask> layers = Map.of("disc", disc, "cup", cup);

    private void paint(MaskHistory h, String layer, int x, int y) {
        Mask m = layers.get(layer);
        Mask before = m.copy();
        MaskTools.stroke(m, x, y, x + 10, y, 2, true);
        h.record(layer, before, m);
    }

    @Test
    void undoAndRedoRestoreExactlyTheEditedLayer() {
        MaskHistory h = new MaskHistory(10, 1 << 20);
        paint(h, "disc", 5, 5);
        Mask afterFirst = disc.copy();
        paint(h, "cup", 20, 20);
        Mask cupAfter = cup.copy();
        paint(h, "disc", 5, 40);

        assertEquals("disc", h.undo(layers::get).orElseThrow().layer());
        assertEquals(afterFirst, disc);
        assertEquals("cup", h.undo(layers::get).orElseThrow().layer());
        assertTrue(cup.isEmpty());
        h.redo(layers::get);
        assertEquals(cupAfter, cup);
        assertTrue(h.canRedo());
    }

    @Test
    void aNewEditClearsRedo() {
        MaskHistory h = new MaskHistory(10, 1 << 20);
        paint(h, "disc", 5, 5);
        h.undo(layers::get);
        assertTrue(h.canRedo());
        paint(h, "disc", 30, 30);
        assertFalse(h.canRedo());
    }

    @Test
    void unchangedMaskRecordsNothing() {
        MaskHistory h = new MaskHistory(10, 1 << 20);
        assertFalse(h.record("disc", disc.copy(), disc));
        assertFalse(h.canUndo());
    }

    @Test
    void oldestStepsAreDroppedBeyondTheStepLimit() {
        MaskHistory h = new MaskHistory(3, 1 << 20);
        for (int i = 0; i < 5; i++) {
            paint(h, "disc", 2, 2 + 10 * i);
        }
        assertEquals(3, h.undoDepth());
        while (h.canUndo()) {
            h.undo(layers::get);
        }
        // the first two strokes can no longer be undone
        assertTrue(disc.get(7, 2) && disc.get(7, 12));
        assertFalse(disc.get(7, 22));
    }

    @Test
    void byteBudgetBoundsMemoryButKeepsTheLatestStep() {
        MaskHistory h = new MaskHistory(100, 200);
        paint(h, "disc", 2, 2);
        paint(h, "disc", 2, 30);
        assertEquals(1, h.undoDepth());
        assertTrue(h.undo(layers::get).isPresent());
    }
}
