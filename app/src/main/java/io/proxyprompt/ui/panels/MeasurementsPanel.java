package io.proxyprompt.ui.panels;

import io.proxyprompt.application.Measurements;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The measurements of the target in the viewer: disc and cup areas, cup-to-disc ratios, rim-to-disc area and vessel
 * fraction, taken from the regions after the anatomical rules.
 */
public final class MeasurementsPanel extends VBox {

    private final Label disc = value("measureDisc");
    private final Label cup = value("measureCup");
    private final Label cdr = value("measureCdr");
    private final Label hcdr = value("measureHcdr");
    private final Label rim = value("measureRim");
    private final Label vessel = value("measureVessel");
    private String cdrCaveat;
    private Measurements shown = Measurements.NONE;

    public MeasurementsPanel() {
        setId("measurementsPanel");
        getStyleClass().add("measurements");
        setSpacing(4);
        Label header = new Label("Measurements");
        header.getStyleClass().add("section-label");
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(3);
        g.addRow(0, name("Disc area"), disc);
        g.addRow(1, name("Cup area"), cup);
        g.addRow(2, name("Vertical CDR"), cdr);
        g.addRow(3, name("Horizontal CDR"), hcdr);
        g.addRow(4, name("Rim / disc area"), rim);
        g.addRow(5, name("Vessel fraction (FOV)"), vessel);
        getChildren().addAll(header, g);
        show(Measurements.NONE);
    }

    private static Label name(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    private static Label value(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("measure-value");
        return l;
    }

    /** Shows the values ("—" where an object is missing); areas in mm² too when the pixel size is known. */
    public void show(Measurements m) {
        shown = m;
        disc.setText(area(m, m.discArea()));
        cup.setText(area(m, m.cupArea()));
        cdr.setText(caveated(ratio(m.verticalCdr())));
        hcdr.setText(caveated(ratio(m.horizontalCdr())));
        rim.setText(ratio(m.rimToDiscArea()));
        vessel.setText(m.vesselFraction().isPresent()
                ? String.format(Locale.ROOT, "%.1f %%", 100 * m.vesselFraction().getAsDouble()) : "\u2014");
    }

    /**
     * The model's own warning about its cup-to-disc ratios (model.json {@code limitations}), or null: the ratios
     * then carry a "⚠" and the warning as their tooltip, so an unvalidated number never reads like a checked one.
     */
    public void setCdrCaveat(String caveat) {
        cdrCaveat = caveat == null || caveat.isBlank() ? null : caveat;
        Tooltip tip = cdrCaveat == null ? null : new Tooltip(cdrCaveat);
        if (tip != null) {
            tip.setWrapText(true);
            tip.setMaxWidth(420);
        }
        cdr.setTooltip(tip);
        hcdr.setTooltip(tip);
        show(shown);
    }

    private String caveated(String value) {
        return cdrCaveat == null || value.equals("\u2014") ? value : value + " \u26A0";
    }

    private static String area(Measurements m, java.util.OptionalLong px) {
        if (px.isEmpty()) {
            return "\u2014";
        }
        java.util.OptionalDouble mm2 = m.mm2(px.getAsLong());
        return String.format(Locale.ROOT, "%,d px", px.getAsLong())
                + (mm2.isPresent() ? String.format(Locale.ROOT, " (%.2f mm\u00b2)", mm2.getAsDouble()) : "");
    }

    private static String ratio(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.2f", v.getAsDouble()) : "\u2014";
    }
}
