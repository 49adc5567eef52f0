package io.proxyprompt.ui;

import io.proxyprompt.image.Frame;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.panels.MeasurementsPanel;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.Measurements;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the measurements panel in step with the target in the viewer: after a change settles (250 ms), copies
 * the frame's masks and measures them on a worker thread.
 */
final class Measuring {

    private final ImageViewer viewer;
    private final Background background;
    private final MeasurementsPanel panel = new MeasurementsPanel();
    private final PauseTransition settle = new PauseTransition(Duration.millis(250));

    Measuring(ImageViewer viewer, Background background) {
        this.viewer = viewer;
        this.background = background;
        settle.setOnFinished(e -> measure());
    }

    MeasurementsPanel panel() {
        return panel;
    }

    /** Measures again once edits pause. */
    void schedule() {
        settle.playFromStart();
    }

    private void measure() {
        if (!(viewer.documentProperty().get() instanceof TargetDocument doc)) {
            panel.show(Measurements.NONE);
            return;
        }
        int frame = viewer.frame();
        Map<String, Mask> masks = new HashMap<>();
        String suffix = "@" + frame;
        doc.target().masks().forEach((layer, m) -> {
            if (layer.endsWith(suffix)) {
                masks.put(TargetEntry.objectOf(layer), m.copy());
            }
        });
        Frame f = doc.stack().frame(frame);
        background.io(new ProgressTask<>("Measure", (p, c) -> Measurements.of(masks, f)), m -> {
            if (viewer.documentProperty().get() == doc) {
                panel.show(m);
            }
        }, e -> panel.show(Measurements.NONE));
    }
}
