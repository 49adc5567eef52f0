package io.proxyprompt.segment;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated click goes where training/proxyprompt/clicks.next_click puts it (the same cases as its test). */
class ClickSimulatorTest {

    private static Mask copyWith(Mask base, int x0, int y0, int x1, int y1, boolean inside) {
        Mask m = base.copy();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m.set(x, y, inside);
            }
        }
        return m;
    }

    @Test
    void theClickGoesToTheCentreOfTheLargestErrorRegion() {
        Mask truth = TinyModel.rect(60, 40, 10, 10, 30, 30);
        Mask predicted = copyWith(truth, 10, 10, 21, 21, false);      // missed 11 x 11 corner, centre (15, 15)
        predicted = copyWith(predicted, 40, 2, 44, 6, true);            // a false 4 x 4 blob
        assertEquals(Optional.of(new Click(15, 15, true)), ClickSimulator.next(predicted, truth));

        Mask falseLarger = copyWith(truth, 40, 0, 60, 12, true);        // a false region larger than any missed one
        Click c = ClickSimulator.next(falseLarger, truth).orElseThrow();
        assertFalse(c.positive());
        assertTrue(c.x() >= 40 && c.x() < 60 && c.y() >= 0 && c.y() < 12, c.toString());
        assertEquals(Optional.empty(), ClickSimulator.next(truth, truth), "no error, no click");
    }

    @Test
    void clicksToReachCountsUntilTheThresholdCappedAtN() {
        assertEquals(1, ClickSimulator.clicksToReach(List.of(0.80, 0.86, 0.91), 0.85, 5));
        assertEquals(0, ClickSimulator.clicksToReach(List.of(0.92), 0.90, 5));
        assertEquals(5, ClickSimulator.clicksToReach(List.of(0.5, 0.6, 0.7), 0.9, 5));
    }
}
