package io.proxyprompt.ui;

import io.proxyprompt.ui.actions.Command;
import io.proxyprompt.ui.actions.Commands;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The Segment button (all targets) and Cancel (enabled while a run goes) at the foot of the support library, with
 * the run's progress under them; the button's tool tip, and the row's when the button is disabled, say why it cannot run.
 */
final class RunControls {

    private RunControls() {
    }

    static Node[] of(Commands commands, SegmentRunner runner) {
        Button run = commands.button("segmentAll", "segmentButton");
        run.getStyleClass().add("primary");
        run.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(run, Priority.ALWAYS);
        // the button's tool tip is the command's long text: the reason it cannot run, or what it does
        Command command = commands.get("segmentAll");
        String help = command.tooltip();
        runner.availability().addListener((o, a, reason) -> command.setLongText(reason != null ? reason : help));
        command.setLongText(runner.availability().get() != null ? runner.availability().get() : help);
        Tooltip why = new Tooltip();
        why.textProperty().bind(command.longTextProperty());
        // always there, enabled while a run goes (its command's state): showing it only then would resize the
        // Segment button and repaint the panel at the start and end of every run
        Button cancel = commands.button("cancelRun", "cancelButton", "Cancel");
        HBox row = new HBox(6, run, cancel);
        // a disabled button shows no tool tip, so the row under it says why
        Tooltip.install(row, why);
        Node[] progress = runner.progressNodes();
        return new Node[] {row, progress[0], progress[1]};
    }
}
