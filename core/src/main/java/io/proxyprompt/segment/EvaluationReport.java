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
     */
    public record Row(int repeat, String object, String target, String supports, double dice, long predictedPx,
                      long truthPx) { }

    /**
     * One object's figures.
     *
     * @param meanDice         mean of the per-repeat mean Dice
     * @param stdAcrossRepeats sample standard deviation of the per-repeat means (0 for one repeat)
     * @param worst            the lowest single Dice
     * @param n                cases segmented over all repeats
     * @param areaRatio        predicted pixels over expert pixels, summed over all cases: above 1 the model marks
     *                         more than the expert drew (over-segments), below 1 less; NaN without expert pixels
     */
    public record ObjectSummary(String object, double meanDice, double stdAcrossRepeats, Row worst, int n,
                                double areaRatio) { }
}
