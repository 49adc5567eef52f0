package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutlinesTest {

    @Test
    void everyPieceAndHoleHasItsOwnClosedOutlineOnItsBoundary() {
        Mask m = new Mask(100, 80);
        MaskTools.polygon(m, new int[] {10, 10, 49, 10, 49, 49, 10, 49}, true);
        MaskTools.polygon(m, new int[] {20, 20, 29, 20, 29, 29, 20, 29}, false); // a hole
        MaskTools.polygon(m, new int[] {80, 60, 82, 60, 82, 62, 80, 62}, true);  // a 3x3 speck
        List<int[]> outlines = Outlines.of(m);
        assertEquals(3, outlines.size(), "outer edge, hole and speck");
        for (int[] xy : outlines) {
            for (int i = 0; i < xy.length; i += 2) {
                int x = xy[i];
                int y = xy[i + 1];
                boolean onEdge = m.get(x, y) && (x == 0 || y == 0 || !m.get(x - 1, y) || !m.get(x + 1, y)
                        || !m.get(x, y - 1) || !m.get(x, y + 1) || !m.get(x - 1, y - 1) || !m.get(x + 1, y + 1)
                        || !m.get(x - 1, y + 1) || !m.get(x + 1, y - 1));
                assertTrue(onEdge, "(" + x + "," + y + ") lies on the mask's boundary");
            }
        }
        assertTrue(Outlines.of(new Mask(10, 10)).isEmpty());
    }
}
