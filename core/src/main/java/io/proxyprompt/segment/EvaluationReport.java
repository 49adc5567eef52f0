package io.proxyprompt.segment;

import java.util.List;

/**
 * What an evaluation on annotated cases found: one row per segmented case per repeat, and per object the
 * mean Dice, its spread across repeats and the worst case.
 */
public record EvaluationReport(List<Row> rows, List<ObjectSummary> summaries) {

    public EvaluationReport {
        rows = List.copyOf(rows);
        summaries = List.copyOf(summaries);
    }

    /**
     * One case segmented in one repeat.
     *
     * @param supports the stems of the support cases, space-separated
     * @param flags    the codes of the quality flags the result carried (empty: it looked plausible)
     * @param diceAfterClicks Dice after 0, 1, ... simulated clicks (empty when clicks were not simulated)
     */
    public record Row(int repeat, String object, String target, String supports, double dice, long predictedPx,
                      long truthPx, List<String> flags, List<Double> diceAfterClicks) {

        public Row {
            flags = List.copyOf(flags);
            diceAfterClicks = List.copyOf(diceAfterClicks);
        }

        /** A row without simulated clicks. */
        public Row(int repeat, String object, String target, String supports, double dice, long predictedPx,
                   long truthPx, List<String> flags) {
            this(repeat, object, target, supports, dice, predictedPx, truthPx, flags, List.of());
        }

        /** A row without quality flags. */
        public Row(int repeat, String object, String target, String supports, double dice, long predictedPx,
                   long truthPx) {
            this(repeat, object, target, supports, dice, predictedPx, truthPx, List.of());
        }

        /** A failure: Dice below {@link QcTally#FAILURE_DICE}. */
        public boolean failed() {
            return dice < QcTally.FAILURE_DICE;
        }

        public boolean flagged() {
            return !flags.isEmpty();
        }
    }

    /**
     * How well the quality flags separate failures from good results on one object.
     *
     * @param failures    cases with Dice below {@link #FAILURE_DICE}
     * @param caught      failures that carry at least one flag
     * @param good        the other cases
     * @param goodFlagged good cases that carry a flag anyway (a clinician checks them for nothing)
     */
    public record QcTally(int failures, int caught, int good, int goodFlagged) {

        /** Below this Dice a result counts as a failure. */
        public static final double FAILURE_DICE = 0.5;

        public static QcTally of(List<Row> rows) {
            int failures = 0;
            int caught = 0;
            int goodFlagged = 0;
            for (Row r : rows) {
                if (r.failed()) {
                    failures++;
                    caught += r.flagged() ? 1 : 0;
                } else {
                    goodFlagged += r.flagged() ? 1 : 0;
                }
            }
            return new QcTally(failures, caught, rows.size() - failures, goodFlagged);
        }

        /** Share of failures flagged; NaN without failures. */
        public double catchRate() {
            return failures == 0 ? Double.NaN : (double) caught / failures;
        }

        /** Share of good cases flagged; NaN without good cases. */
        public double falseFlagRate() {
            return good == 0 ? Double.NaN : (double) goodFlagged / good;
        }

        /** E.g. "caught 5/6 failures (83 %, Dice < 0.5), flagged 2/40 good cases (5 %)". */
        public String summary() {
            return String.format(java.util.Locale.ROOT, "caught %d/%d failures (%s, Dice < %.1f), flagged %d/%d good "
                    + "cases (%s)", caught, failures, percent(catchRate()), FAILURE_DICE, goodFlagged, good,
                    percent(falseFlagRate()));
        }

        private static String percent(double share) {
            return Double.isNaN(share) ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f %%", 100 * share);
        }

        /** This tally plus another (over several objects). */
        public QcTally plus(QcTally o) {
            return new QcTally(failures + o.failures, caught + o.caught, good + o.good, goodFlagged + o.goodFlagged);
        }
    }

    /**
     * One object's figures.
     *
     * @param meanDice         mean of the per-repeat mean Dice
     * @param stdAcrossRepeats sample standard deviation of the per-repeat means (0 for one repeat)
     * @param worst            the lowest single Dice
     * @param n                cases segmented over all repeats
     * @param areaRatio        predicted pixels over expert pixels, summed over all cases: above 1 the model marks
     *                         more than the expert drew (over-segments), below 1 less; NaN without expert pixels
     * @param qc               how many failures the quality flags caught and how many good cases they flagged
     * @param clicks           Dice against simulated clicks, or null when clicks were not simulated
     */
    public record ObjectSummary(String object, double meanDice, double stdAcrossRepeats, Row worst, int n,
                                double areaRatio, QcTally qc, ClickSummary clicks) {

        /** A summary without simulated clicks. */
        public ObjectSummary(String object, double meanDice, double stdAcrossRepeats, Row worst, int n,
                             double areaRatio, QcTally qc) {
            this(object, meanDice, stdAcrossRepeats, worst, n, areaRatio, qc, null);
        }

        /** A summary without quality flags counted. */
        public ObjectSummary(String object, double meanDice, double stdAcrossRepeats, Row worst, int n,
                             double areaRatio) {
            this(object, meanDice, stdAcrossRepeats, worst, n, areaRatio, new QcTally(0, 0, 0, 0));
        }
    }

    /**
     * One object's Dice against simulated clicks, as interactive-segmentation papers report it.
     *
     * @param meanDice mean Dice over all cases after 0, 1, ..., N clicks
     * @param noc85    mean number of clicks to reach Dice 0.85 (N when never)
     * @param noc90    mean number of clicks to reach Dice 0.90 (N when never)
     */
    public record ClickSummary(List<Double> meanDice, double noc85, double noc90) {

        public ClickSummary {
            meanDice = List.copyOf(meanDice);
        }

        /** The most clicks simulated (N). */
        public int maxClicks() {
            return meanDice.size() - 1;
        }

        /** The summary of rows that carry click curves of the same length, or null when none does. */
        public static ClickSummary of(List<Row> rows) {
            List<Row> with = rows.stream().filter(r -> !r.diceAfterClicks().isEmpty()).toList();
            if (with.isEmpty()) {
                return null;
            }
            int n = with.get(0).diceAfterClicks().size() - 1;
            List<Double> mean = new java.util.ArrayList<>();
            for (int k = 0; k <= n; k++) {
                final int kk = k;
                mean.add(with.stream().mapToDouble(r -> r.diceAfterClicks().get(kk)).average().orElse(Double.NaN));
            }
            double noc85 = with.stream().mapToInt(r -> ClickSimulator.clicksToReach(r.diceAfterClicks(), 0.85, n))
                    .average().orElse(Double.NaN);
            double noc90 = with.stream().mapToInt(r -> ClickSimulator.clicksToReach(r.diceAfterClicks(), 0.90, n))
                    .average().orElse(Double.NaN);
            return new ClickSummary(mean, noc85, noc90);
        }
    }
}
