package io.proxyprompt.ui.panels;

import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an adaptation changed on the held-out cases (never trained on): Dice per object before and after (higher
 * is better) and the vertical cup-to-disc ratio's mean absolute error (lower is better), as bar charts, with the
 * numbers and what was kept on synthetic images in a line under them.
 */
public final class AdaptationChart extends VBox {

    private final BarChart<String, Number> dice = chart("adaptDiceChart", "Dice per object (higher is better)", 1);
    private final BarChart<String, Number> vcdr = chart("adaptVcdrChart", "vCDR error (lower is better)", 0.5);
    private final Label numbers = new Label();
    private final HBox charts = new HBox(10, dice, vcdr);

    public AdaptationChart() {
        setId("adaptationChart");
        setSpacing(6);
        numbers.setId("adaptNumbers");
        numbers.setWrapText(true);
        numbers.getStyleClass().add("muted");
        HBox.setHgrow(dice, Priority.ALWAYS);
        charts.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        vcdr.setPrefWidth(300);
        vcdr.setMinWidth(240);
        VBox.setVgrow(charts, Priority.ALWAYS);
        getChildren().addAll(charts, numbers);
        numbers.setText("When the adaptation has finished, the base model (before) and the adapted one (after) "
                + "are compared here on the held-out cases, which are never trained on.");
        charts.setVisible(false);
    }

    private static BarChart<String, Number> chart(String id, String title, double max) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis(0, max, max / 5));
        c.setId(id);
        c.setTitle(title);
        c.setAnimated(false);
        c.setBarGap(2);
        c.setCategoryGap(24);
        return c;
    }

    /** Shows the measurements of the base model ({@code before}) and the adapted one ({@code after}). */
    @SuppressWarnings("unchecked")
    public void show(Map<String, Object> before, Map<String, Object> after) {
        dice.getData().clear();
        vcdr.getData().clear();
        charts.setVisible(true);
        if (before.isEmpty()) {
            numbers.setText("No cases were held out, so nothing was measured before and after; adapt again with "
                    + "Held out of at least 1 to see what the adaptation changed.");
            return;
        }
        Map<String, Object> db = (Map<String, Object>) before.getOrDefault("dice", Map.of());
        Map<String, Object> da = (Map<String, Object>) after.getOrDefault("dice", Map.of());
        XYChart.Series<String, Number> b = new XYChart.Series<>();
        b.setName("Before (base model)");
        XYChart.Series<String, Number> a = new XYChart.Series<>();
        a.setName("After (adapted)");
        List<String> text = new ArrayList<>();
        for (String object : db.keySet()) {
            b.getData().add(new XYChart.Data<>(object, number(db.get(object))));
            a.getData().add(new XYChart.Data<>(object, number(da.get(object))));
            text.add("Dice " + object + " " + f(db.get(object)) + " \u2192 " + f(da.get(object)));
        }
        dice.getData().addAll(List.of(b, a));
        // one or two objects would make bars as wide as the window: about 180 px per object
        dice.setMaxWidth(240 + 180.0 * db.size());
        dice.setMinWidth(Math.min(420, 240 + 180.0 * db.size()));
        boolean hasVcdr = before.containsKey("vcdr_mae");
        vcdr.setVisible(hasVcdr);
        vcdr.setManaged(hasVcdr);
        if (hasVcdr) {
            XYChart.Series<String, Number> vb = new XYChart.Series<>();
            vb.setName("Before");
            vb.getData().add(new XYChart.Data<>("vCDR", number(before.get("vcdr_mae"))));
            XYChart.Series<String, Number> va = new XYChart.Series<>();
            va.setName("After");
            va.getData().add(new XYChart.Data<>("vCDR", number(after.get("vcdr_mae"))));
            vcdr.getData().addAll(List.of(vb, va));
            text.add("vCDR error " + f(before.get("vcdr_mae")) + " \u2192 " + f(after.get("vcdr_mae")));
        }
        if (before.containsKey("cup_covers_disc")) {
            text.add("cups covering the disc " + f(before.get("cup_covers_disc")) + " \u2192 "
                    + f(after.get("cup_covers_disc")));
        }
        Map<String, Object> kb = (Map<String, Object>) before.getOrDefault("retention_synthetic_dice", Map.of());
        Map<String, Object> ka = (Map<String, Object>) after.getOrDefault("retention_synthetic_dice", Map.of());
        String kept = kb.isEmpty() ? "" : ". Kept on synthetic images (Dice): " + String.join(", ", kb.keySet()
                .stream().map(o -> o + " " + f(kb.get(o)) + " \u2192 " + f(ka.get(o))).toList());
        Object n = before.getOrDefault("targets", "?");
        numbers.setText("Before \u2192 after on " + f(n) + " held-out case" + ("1".equals(f(n)) ? "" : "s") + ": "
                + String.join("; ", text) + kept);
    }

    /** The line of numbers under the charts. */
    public String numbersText() {
        return numbers.getText();
    }

    /** The Dice bars per series ("Before (base model)", "After (adapted)"), object to value. */
    public Map<String, Map<String, Number>> diceBars() {
        Map<String, Map<String, Number>> out = new java.util.LinkedHashMap<>();
        for (XYChart.Series<String, Number> s : dice.getData()) {
            Map<String, Number> bars = new java.util.LinkedHashMap<>();
            s.getData().forEach(d -> bars.put(d.getXValue(), d.getYValue()));
            out.put(s.getName(), bars);
        }
        return out;
    }

    private static Number number(Object o) {
        return o instanceof Number n && !Double.isNaN(n.doubleValue()) ? n : 0;
    }

    private static String f(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
        }
        return v == null ? "\u2014" : v.toString();
    }
}
