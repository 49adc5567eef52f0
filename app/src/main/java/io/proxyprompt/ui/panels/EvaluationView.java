package io.proxyprompt.ui.panels;

import io.proxyprompt.segment.EvaluationReport;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The result of an evaluation on annotated cases: per object mean Dice, spread across repeats, worst case and how
 * many failures the quality flags caught in a table, and the Dice of every segmented case in a bar chart (one
 * series per object).
 */
public final class EvaluationView extends VBox {

    private final TableView<EvaluationReport.ObjectSummary> table = new TableView<>();
    private final CategoryAxis cases = new CategoryAxis();
    private final NumberAxis dice = new NumberAxis(0, 1, 0.1);
    private final BarChart<String, Number> chart = new BarChart<>(cases, dice);
    private final ClickCurveChart clickChart = new ClickCurveChart();
    private final Label caption = new Label();
    private final Label quality = new Label();

    public EvaluationView() {
        setId("evaluationView");
        setSpacing(8);
        table.setId("evaluationSummary");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPrefHeight(130);
        table.setPlaceholder(new Label("Choose a folder of annotated cases and press Evaluate"));
        table.getColumns().add(column("Object", s -> s.object()));
        table.getColumns().add(column("Mean Dice", s -> f(s.meanDice())));
        table.getColumns().add(column("Std across repeats", s -> f(s.stdAcrossRepeats())));
        table.getColumns().add(column("Worst case", s -> s.worst() == null ? "\u2014" : f(s.worst().dice()) + "  ("
                + s.worst().target() + ", repeat " + s.worst().repeat() + ", support " + s.worst().supports() + ")"));
        table.getColumns().add(column("Cases", s -> Integer.toString(s.n())));
        table.getColumns().add(column("Area vs expert", s -> Double.isNaN(s.areaRatio()) ? "\u2014"
                : String.format(Locale.ROOT, "%.2f\u00d7", s.areaRatio())));
        table.getColumns().add(column("Flags caught", s -> s.qc().caught() + "/" + s.qc().failures()
                + " failures, " + s.qc().goodFlagged() + "/" + s.qc().good() + " good flagged"));
        double[] widths = {80, 90, 130, 330, 60, 110, 220};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
            table.getColumns().get(i).setMinWidth(Math.min(widths[i], 150));
        }
        chart.setId("evaluationChart");
        chart.setTitle("Dice per segmented case");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        chart.setCategoryGap(6);
        chart.setBarGap(1);
        cases.setLabel("case (repeat)");
        // an animated axis misses its tick labels when the data is replaced at once
        cases.setAnimated(false);
        dice.setAnimated(false);
        dice.setLabel("Dice");
        VBox.setVgrow(chart, Priority.ALWAYS);
        caption.getStyleClass().add("muted");
        caption.setWrapText(true);
        quality.setId("evaluationQuality");
        quality.setWrapText(true);
        quality.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        quality.setTooltip(new Tooltip("A failure the flags miss looks like a good result; a good case flagged "
                + "costs a look"));
        getChildren().addAll(table, quality, clickChart, chart, caption);
    }

    private static TableColumn<EvaluationReport.ObjectSummary, String> column(
            String title, Function<EvaluationReport.ObjectSummary, String> value) {
        TableColumn<EvaluationReport.ObjectSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "\u2014" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Shows a report (replaces the previous one). */
    public void show(EvaluationReport report, String how) {
        table.setItems(FXCollections.observableArrayList(report.summaries()));
        Map<String, XYChart.Series<String, Number>> series = new LinkedHashMap<>();
        for (EvaluationReport.Row r : report.rows()) {
            String category = r.target() + " (r" + r.repeat() + ")";
            XYChart.Series<String, Number> s = series.computeIfAbsent(r.object(), o -> {
                XYChart.Series<String, Number> n = new XYChart.Series<>();
                n.setName(o);
                return n;
            });
            XYChart.Data<String, Number> d = new XYChart.Data<>(category, r.dice());
            s.getData().add(d);
        }
        chart.getData().setAll(series.values());
        for (XYChart.Series<String, Number> s : chart.getData()) {
            for (XYChart.Data<String, Number> d : s.getData()) {
                if (d.getNode() != null) {
                    Tooltip.install(d.getNode(), new Tooltip(s.getName() + " on " + d.getXValue() + ": Dice "
                            + f(d.getYValue().doubleValue())));
                }
            }
        }
        clickChart.show(report.summaries());
        caption.setText(how);
        EvaluationReport.QcTally all = report.summaries().stream().map(EvaluationReport.ObjectSummary::qc)
                .reduce(new EvaluationReport.QcTally(0, 0, 0, 0), EvaluationReport.QcTally::plus);
        quality.setText("Quality flags (\u201CCheck\u201D in the targets list): " + all.summary() + ".");
    }

    /** Empties the view (before a new run). */
    public void clear() {
        table.getItems().clear();
        chart.getData().clear();
        clickChart.show(java.util.List.of());
        caption.setText("");
        quality.setText("");
    }

    public TableView<EvaluationReport.ObjectSummary> table() {
        return table;
    }

    /** The line that says how many failures the quality flags caught over every object. */
    public Label quality() {
        return quality;
    }

    public BarChart<String, Number> chart() {
        return chart;
    }

    /** Dice against simulated clicks (visible only after an evaluation with clicks). */
    public javafx.scene.chart.LineChart<Number, Number> clickChart() {
        return clickChart;
    }
}
