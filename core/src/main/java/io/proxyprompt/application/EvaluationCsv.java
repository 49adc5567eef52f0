package io.proxyprompt.application;

import io.proxyprompt.segment.EvaluationReport;

import java.util.List;
import java.util.Locale;

/** The per-image table of an evaluation, written by {@code evaluate --csv} and the workstation's Evaluate view. */
public final class EvaluationCsv {

    private EvaluationCsv() {
    }

    /**
     * One row per repeat, object and target: the supports used, Dice, the predicted and expert areas and the quality
     * flags the result carried (codes joined by ';', empty when none).
     */
    public static String format(List<EvaluationReport.Row> rows) {
        StringBuilder sb = new StringBuilder("repeat,object,target,supports,dice,predicted_px,truth_px,qc\n");
        for (EvaluationReport.Row r : rows) {
            sb.append(r.repeat()).append(',').append(MeasurementsCsv.quote(r.object())).append(',')
                    .append(MeasurementsCsv.quote(r.target())).append(',').append(MeasurementsCsv.quote(r.supports()))
                    .append(',').append(String.format(Locale.ROOT, "%.5f", r.dice())).append(',')
                    .append(r.predictedPx()).append(',').append(r.truthPx()).append(',')
                    .append(MeasurementsCsv.quote(String.join(";", r.flags()))).append('\n');
        }
        return sb.toString();
    }
}
