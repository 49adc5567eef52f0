package io.proxyprompt.ui.viewer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewTransformTest {

    @Test
    void fitCentresTheWholeImageInsideTheView() {
        ViewTransform t = new ViewTransform();
        t.fit(1000, 500, 816, 816);
        assertEquals(0.8, t.scale(), 1e-9);
        assertEquals(8, t.toViewX(0), 1e-9);
        assertEquals(808, t.toViewX(1000), 1e-9);
        assertEquals(408, (t.toViewY(0) + t.toViewY(500)) / 2, 1e-9);
    }

    @Test
    void wheelZoomKeepsThePointUnderTheCursorStill() {
        ViewTransform t = new ViewTransform();
        t.fit(400, 300, 800, 600);
        double ix = t.toImageX(123);
        double iy = t.toImageY(456);
        t.zoomAt(1.7, 123, 456);
        assertEquals(ix, t.toImageX(123), 1e-9);
        assertEquals(iy, t.toImageY(456), 1e-9);
    }

    @Test
    void zoomIsBoundedAndPanMovesTheImage() {
        ViewTransform t = new ViewTransform();
        for (int i = 0; i < 100; i++) {
            t.zoomAt(2, 0, 0);
        }
        assertEquals(ViewTransform.MAX_SCALE, t.scale(), 1e-9);
        double before = t.toViewX(10);
        t.panBy(25, 0);
        assertEquals(before + 25, t.toViewX(10), 1e-9);
        assertTrue(t.toImageX(t.toViewX(3.5)) - 3.5 < 1e-9);
    }
}
