package io.proxyprompt.ui.panels;

import io.proxyprompt.ui.tasks.Measurements;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** The measurements of the target in the viewer: disc and cup areas, vertical cup-to-disc ratio, vessel fraction. */
public final class MeasurementsPanel extends VBox {

    private final Label disc = value("measureDisc");
    private final Label cup = value("measureCup");
    private final Label cdr = value("measureCdr");
    private final Label vessel = value("measureVessel");

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
        g.addRow(3, name("Vessel fraction (FOV)"), vessel);
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

    /** Shows the values ("—" where an object is missing). */
    public void show(Measurements m) {
        disc.setText(m.discArea().isPresent() ? String.format(Locale.ROOT, "%,d px", m.discArea().getAsLong()) : "\u2014");
        cup.setText(m.cupArea().isPresent() ? String.format(Locale.ROOT, "%,d px", m.cupArea().getAsLong()) : "\u2014");
        cdr.setText(m.verticalCdr().isPresent() ? String.format(Locale.ROOT, "%.2f", m.verticalCdr().getAsDouble())
                : "\u2014");
        vessel.setText(m.vesselFraction().isPresent()
                ? String.format(Locale.ROOT, "%.1f %%", 100 * m.vesselFraction().getAsDouble()) : "\u2014");
    }
}
