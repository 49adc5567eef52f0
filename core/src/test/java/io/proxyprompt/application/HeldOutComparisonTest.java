package io.proxyprompt.application;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An adapted model that measured worse than its base on the held-out pairs is named as worse, measure by measure. */
class HeldOutComparisonTest {

    private static Map<String, Object> measured(double disc, double cup, double vcdr, int covering, double keptDisc,
                                                double keptVessel) {
        return Map.of("dice", Map.of("disc", disc, "cup", cup), "vcdr_mae", vcdr, "cup_covers_disc", covering,
                "targets", 4, "retention_synthetic_dice", Map.of("disc", keptDisc, "vessel", keptVessel));
    }

    @Test
    void theMeasuredCaseOfAGoodBaseMadeWorseIsNamed() {
        // stage 13's weights adapted on the synthetic v2 camera (training/README.md, issue 15's second measurement)
        List<String> worse = HeldOutComparison.worse(measured(0.8505, 0.8107, 0.1372, 0, 0.9049, 0.8616),
                measured(0.8769, 0.8221, 0.2536, 0, 0.9685, 0.8567));
        assertEquals(List.of("vCDR error 0.137 -> 0.254"), worse);
        assertTrue(HeldOutComparison.warning(worse).contains("worse than its base"));
    }

    @Test
    void forgettingAKeptObjectAndMoreCoveringCupsCountAsWorse() {
        // the shipped model adapted the same way: better on the pairs, but the synthetic disc forgotten
        List<String> worse = HeldOutComparison.worse(measured(0.8505, 0.706, 0.3326, 0, 0.9026, 0.8547),
                measured(0.8753, 0.8621, 0.2091, 1, 0.7582, 0.8509));
        assertEquals(List.of("cups covering the disc 0 -> 1", "kept disc (synthetic) Dice 0.903 -> 0.758"), worse);
    }

    @Test
    void changesWithinTheTolerancesAndMissingMeasuresAreNotWorse() {
        assertEquals(List.of(), HeldOutComparison.worse(measured(0.90, 0.80, 0.10, 1, 0.95, 0.85),
                measured(0.895, 0.792, 0.105, 1, 0.935, 0.84)));
        assertEquals(List.of(), HeldOutComparison.worse(Map.of(), Map.of()), "nothing held out, nothing measured");
        assertEquals(List.of("disc Dice 0.900 -> 0.800"), HeldOutComparison.worse(
                Map.of("dice", Map.of("disc", 0.9), "vcdr_mae", Double.NaN),
                Map.of("dice", Map.of("disc", 0.8), "vcdr_mae", 0.5)), "NaN: not measured");
    }
}
