package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import org.controlsfx.control.StatusBar;

/**
 * The status bar: "Loading model…" and then the execution device with the reason it was chosen, the model and
 * the last run's timing (set by the Segment action).
 */
final class StatusLine {

    private final StatusBar bar = new StatusBar();
    private final Label model = new Label();
    private final Label timing = new Label();

    StatusLine(EngineState engine) {
        bar.setId("statusBar");
        bar.setGraphic(null);
        model.setId("modelStatus");
        timing.setId("timingStatus");
        timing.setText("Last run: \u2014");
        bar.getRightItems().addAll(model, new Separator(Orientation.VERTICAL), timing);
        show(engine.status());
        engine.statusProperty().addListener((o, a, s) -> show(s));
    }

    private void show(EngineStatus s) {
        bar.setText(s.isLoading() ? s.device() : "Device: " + s.deviceText());
        model.setText("Model: " + s.model());
    }

    StatusBar bar() {
        return bar;
    }

    Label timing() {
        return timing;
    }
}
