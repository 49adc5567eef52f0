package io.proxyprompt.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an adaptation made worse than its base model on the held-out pairs it never trained on, so that a model
 * that measured worse is never offered as if it were better. An adaptation on 16 cases can lose what its base did
 * well (measured: a base with a cup vCDR error of 0.14 on four held-out photographs came out at 0.25).
 */
public final class HeldOutComparison {

    /** A Dice this much lower counts as worse (the measure moves by about this much between repeats). */
    static final double DICE_TOLERANCE = 0.01;
    /** A vCDR error this much higher counts as worse. */
    static final double VCDR_TOLERANCE = 0.01;
    /** A kept object's Dice on synthetic images this much lower counts as forgotten. */
    static final double KEPT_TOLERANCE = 0.02;

    private HeldOutComparison() {
    }

    /**
     * The measures that got worse, each as "what before -> after", in the order the measurements list them; empty
     * when nothing measurably got worse or nothing was measured (no held-out pairs).
     *
     * @param before the base model's measurements (as finetune.py reports them: {@code dice} per object,
     *               {@code vcdr_mae}, {@code cup_covers_disc}, {@code retention_synthetic_dice} per object)
     * @param after  the adapted model's
     */
    public static List<String> worse(Map<String, Object> before, Map<String, Object> after) {
        List<String> worse = new ArrayList<>();
        perObject(before, after, "dice").forEach((object, pair) -> {
            if (pair[1] < pair[0] - DICE_TOLERANCE) {
                worse.add(object + " Dice " + fmt(pair[0]) + " -> " + fmt(pair[1]));
            }
        });
        double[] vcdr = pair(before.get("vcdr_mae"), after.get("vcdr_mae"));
        if (vcdr != null && vcdr[1] > vcdr[0] + VCDR_TOLERANCE) {
            worse.add("vCDR error " + fmt(vcdr[0]) + " -> " + fmt(vcdr[1]));
        }
        double[] covering = pair(before.get("cup_covers_disc"), after.get("cup_covers_disc"));
        if (covering != null && covering[1] > covering[0]) {
            worse.add("cups covering the disc " + (long) covering[0] + " -> " + (long) covering[1]);
        }
        perObject(before, after, "retention_synthetic_dice").forEach((object, pair) -> {
            if (pair[1] < pair[0] - KEPT_TOLERANCE) {
                worse.add("kept " + object + " (synthetic) Dice " + fmt(pair[0]) + " -> " + fmt(pair[1]));
            }
        });
        return worse;
    }

    /** One sentence for the user when {@code worse} is not empty. */
    public static String warning(List<String> worse) {
        return "The adapted model measured worse than its base on the held-out pairs: " + String.join("; ", worse)
                + ". Keep the base model unless these pairs do not stand for your cases.";
    }

    private static Map<String, double[]> perObject(Map<String, Object> before, Map<String, Object> after,
                                                   String key) {
        Map<String, double[]> pairs = new java.util.LinkedHashMap<>();
        if (before.get(key) instanceof Map<?, ?> b && after.get(key) instanceof Map<?, ?> a) {
            b.forEach((object, value) -> {
                double[] p = pair(value, a.get(object));
                if (p != null) {
                    pairs.put(String.valueOf(object), p);
                }
            });
        }
        return pairs;
    }

    /** Both values as numbers, or null when either is missing or not a number (NaN: not measured). */
    private static double[] pair(Object before, Object after) {
        if (before instanceof Number b && after instanceof Number a && !Double.isNaN(b.doubleValue())
                && !Double.isNaN(a.doubleValue())) {
            return new double[] {b.doubleValue(), a.doubleValue()};
        }
        return null;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
