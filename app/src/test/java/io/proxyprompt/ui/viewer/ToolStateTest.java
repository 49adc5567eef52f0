package io.proxyprompt.ui.viewer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolStateTest {

    @Test
    void bracketsResizeTheBrushWithinItsBounds() {
        ToolState s = new ToolState();
        s.brushRadiusProperty().set(10);
        s.resizeBrush(1);
        assertEquals(12, s.brushRadiusProperty().get());
        s.resizeBrush(-1);
        s.resizeBrush(-1);
        assertEquals(8, s.brushRadiusProperty().get());
        for (int i = 0; i < 50; i++) {
            s.resizeBrush(-1);
        }
        assertEquals(ToolState.MIN_RADIUS, s.brushRadiusProperty().get());
        for (int i = 0; i < 100; i++) {
            s.resizeBrush(1);
        }
        assertEquals(ToolState.MAX_RADIUS, s.brushRadiusProperty().get());
    }

    @Test
    void opacityCyclesThroughItsStopsAndOff() {
        ToolState s = new ToolState();
        s.opacityProperty().set(0.45);
        s.cycleOpacity();
        assertEquals(0.7, s.opacityProperty().get());
        s.cycleOpacity();
        assertEquals(1.0, s.opacityProperty().get());
        s.cycleOpacity();
        assertEquals(0.0, s.opacityProperty().get());
        s.cycleOpacity();
        assertEquals(0.25, s.opacityProperty().get());
    }

    @Test
    void objectsCanBeHiddenAndShownAgain() {
        ToolState s = new ToolState();
        s.toggleVisible("cup");
        assertTrue(s.hiddenObjects().contains("cup"));
        s.toggleVisible("cup");
        assertFalse(s.hiddenObjects().contains("cup"));
    }
}
