package io.proxyprompt.ui.panels;

import io.proxyprompt.segment.EvaluationReport;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;

import java.util.List;
import java.util.Locale;

/**
 * Dice against the number of simulated clicks (issue 21), one line per object with its NoC@85 / NoC@90 in the
 * legend; shown only when the evaluation simulated clicks.
 */
final class ClickCurveChart extends LineChart<Number, Number> {

    ClickCurveChart() {
        super(new NumberAxis(), new NumberAxis(0, 1, 0.1));
        setId("clickChart");
        setTitle("Mean Dice after 0, 1, \u2026 N simulated clicks");
        setAnimated(false);
        getXAxis().setLabel("clicks");
        getYAxis().setLabel("mean Dice");
        getXAxis().setAnimated(false);
        getYAxis().setAnimated(false);
        ((NumberAxis) getXAxis()).setTickUnit(1);
        ((NumberAxis) getXAxis()).setMinorTickVisible(false);
        setPrefHeight(220);
        setMinHeight(180);
        showing(false);
    }

    private void showing(boolean on) {
        setVisible(on);
        setManaged(on);
    }

    /** Draws the click curves of the summaries that have them (hidden when none has). */
    void show(List<EvaluationReport.ObjectSummary> summaries) {
        getData().clear();
        int max = 0;
        for (EvaluationReport.ObjectSummary s : summaries) {
            EvaluationReport.ClickSummary c = s.clicks();
            if (c == null) {
                continue;
            }
            max = Math.max(max, c.maxClicks());
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(String.format(Locale.ROOT, "%s (NoC@85 %.2f, NoC@90 %.2f)", s.object(), c.noc85(),
                    c.noc90()));
            for (int k = 0; k < c.meanDice().size(); k++) {
                line.getData().add(new XYChart.Data<>(k, c.meanDice().get(k)));
            }
            getData().add(line);
        }
        NumberAxis x = (NumberAxis) getXAxis();
        x.setAutoRanging(false);
        x.setLowerBound(0);
        x.setUpperBound(Math.max(1, max));
        for (XYChart.Series<Number, Number> line : getData()) {
            for (XYChart.Data<Number, Number> d : line.getData()) {
                if (d.getNode() != null) {
                    Tooltip.install(d.getNode(), new Tooltip(String.format(Locale.ROOT, "%s after %d click%s: Dice %.3f",
                            line.getName(), d.getXValue().intValue(), d.getXValue().intValue() == 1 ? "" : "s",
                            d.getYValue().doubleValue())));
                }
            }
        }
        showing(!getData().isEmpty());
    }
}
