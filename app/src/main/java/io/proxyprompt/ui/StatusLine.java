package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.StatusBar;

/**
 * The status bar: "Loading model…" and then the execution device with the reason it was chosen, the model in use
 * with its provenance (base, or adapted from which model on which cases) and the last run's timing (set by the
 * Segment action).
 */
final class StatusLine {

    private final StatusBar bar = new StatusBar();
    private final Label model = new Label();
    private final Label timing = new Label();

    StatusLine(EngineState engine) {
        bar.setId("statusBar");
        bar.setGraphic(null);
        model.setId("modelStatus");
        // the model's provenance is cut last: the device's reason gives way first, up to 70 % of the bar
        model.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> Math.min(
                model.prefWidth(-1), bar.getWidth() * 0.7), model.textProperty(), bar.widthProperty()));
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(600);
        tip.textProperty().bind(engine.detailsProperty().concat("\nSwitch it in Segment > Model."));
        model.setTooltip(tip);
        timing.setId("timingStatus");
        timing.setText("Last run: \u2014");
        timing.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.getRightItems().addAll(model, new Separator(Orientation.VERTICAL), timing);
        show(engine.status());
        engine.statusProperty().addListener((o, a, s) -> show(s));
        model.textProperty().bind(engine.descriptionProperty().map(d -> "Model: " + d));
    }

    private void show(EngineStatus s) {
        bar.setText(s.isLoading() ? s.device() : "Device: " + s.deviceText());
    }

    StatusBar bar() {
        return bar;
    }

    Label timing() {
        return timing;
    }

    /** The model in use as the status bar shows it. */
    Label model() {
        return model;
    }
}
