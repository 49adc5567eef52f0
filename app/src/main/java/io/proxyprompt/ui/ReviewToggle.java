package io.proxyprompt.ui;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;

/** The Accept button above the image (and Segment › Accept target): marks the target in view as reviewed. */
final class ReviewToggle {

    private final ToggleButton button = new ToggleButton("Accept");
    private final ImageViewer viewer;
    private final Runnable changed;
    private final Notifier notifier;

    /** {@code changed} refreshes the targets list and saves the workspace. */
    ReviewToggle(ImageViewer viewer, Runnable changed, Notifier notifier) {
        this.viewer = viewer;
        this.changed = changed;
        this.notifier = notifier;
        button.setId("acceptButton");
        button.setGraphic(Icons.icon(Icons.CHECK, 12));
        button.setTooltip(new Tooltip("Mark this target as reviewed (Ctrl+Enter)"));
        button.setOnAction(e -> toggle());
        viewer.documentProperty().addListener((o, a, doc) -> update());
        update();
    }

    ToggleButton button() {
        return button;
    }

    /** Accepts the target in view, or takes the mark back when it was accepted. */
    void toggle() {
        if (viewer.documentProperty().get() instanceof TargetDocument d) {
            TargetEntry t = d.target();
            t.setReviewed(!t.reviewed());
            changed.run();
            notifier.info(t.name() + (t.reviewed() ? " accepted (reviewed)" : " no longer marked as reviewed"));
        }
        update();
    }

    private void update() {
        boolean target = viewer.documentProperty().get() instanceof TargetDocument;
        button.setVisible(target);
        button.setManaged(target);
        button.setSelected(viewer.documentProperty().get() instanceof TargetDocument d && d.target().reviewed());
    }
}
