package io.proxyprompt.ui;

import io.proxyprompt.application.Measurements;
import io.proxyprompt.image.Frame;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.panels.MeasurementsPanel;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.TargetDocument;
import io.proxyprompt.ui.tasks.FxDelay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the measurements panel and the quality flags in step with the target in the viewer: after a change settles
 * (250 ms), copies the frame's masks, measures and checks them on a worker thread, and puts the flags back on the
 * target (so a correction that fixes a flagged result clears its "Check").
 */
final class Measuring {

    private final ImageViewer viewer;
    private final Background background;
    private final AnatomicalRules rules;
    private final QualityCheck quality;
    private final Consumer<TargetEntry> onQuality;
    private final MeasurementsPanel panel = new MeasurementsPanel();
    private final FxDelay settle = new FxDelay(250, this::measure);

    /** @param onQuality called on the FX thread when a target's flags changed */
    Measuring(ImageViewer viewer, Background background, AnatomicalRules rules, Consumer<TargetEntry> onQuality) {
        this.viewer = viewer;
        this.background = background;
        this.rules = rules;
        this.quality = new QualityCheck(QualityCheck.Limits.defaults(), rules);
        this.onQuality = onQuality;
    }

    MeasurementsPanel panel() {
        return panel;
    }

    /** Measures again once edits pause. */
    void schedule() {
        settle.playFromStart();
    }

    private record Result(Measurements measurements, QualityReport quality) {
    }

    private void measure() {
        if (!(viewer.documentProperty().get() instanceof TargetDocument doc)) {
            panel.show(Measurements.NONE);
            return;
        }
        int frame = viewer.frame();
        TargetEntry target = doc.target();
        Map<String, Mask> masks = new LinkedHashMap<>();
        target.masksOf(frame).forEach((object, m) -> masks.put(object, m.copy()));
        boolean edited = !target.editedObjects().isEmpty();
        Frame f = doc.stack().frame(frame);
        background.io(new ProgressTask<>("Measure", (p, c) -> new Result(Measurements.of(masks, f, rules),
                edited ? quality.check(masks, f, QualityCheck.SupportAreas.NONE) : null)), r -> {
            if (viewer.documentProperty().get() == doc) {
                panel.show(r.measurements());
            }
            // a hand correction is checked again; an unedited model result keeps the flags of its run
            if (r.quality() != null && !r.quality().equals(target.quality(frame))) {
                target.setQuality(frame, r.quality());
                if (target.status() == TargetStatus.CHECK && target.quality().isClean()) {
                    target.setStatus(TargetStatus.EDITED);
                }
                onQuality.accept(target);
            }
        }, e -> panel.show(Measurements.NONE));
    }
}
