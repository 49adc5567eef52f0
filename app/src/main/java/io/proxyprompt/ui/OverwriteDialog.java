package io.proxyprompt.ui;

import io.proxyprompt.session.TargetEntry;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

import java.util.List;
import java.util.stream.Collectors;

/** Asks, naming them, whether a run may replace targets that a clinician corrected or accepted. */
final class OverwriteDialog {

    static final ButtonType SKIP = new ButtonType("Keep them (skip)", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType OVERWRITE = new ButtonType("Overwrite edited targets", ButtonBar.ButtonData.OTHER);

    private OverwriteDialog() {
    }

    /** The user's choice; closing the dialog cancels the run. */
    static SegmentRunner.Overwrite ask(Window owner, List<TargetEntry> worked) {
        String names = worked.stream().limit(12).map(t -> "\u2022 " + t.name() + (t.reviewed() ? " (accepted)"
                : " (corrected)")).collect(Collectors.joining("\n"));
        if (worked.size() > 12) {
            names += "\n\u2026 and " + (worked.size() - 12) + " more";
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, worked.size() + " of the targets to run "
                + (worked.size() == 1 ? "was" : "were") + " corrected or accepted by hand:\n" + names
                + "\n\nKeep them as they are, or replace them with new model results? (Undo can bring a replaced "
                + "correction back.)", SKIP, OVERWRITE, ButtonType.CANCEL);
        a.setTitle("Keep your corrections?");
        a.setHeaderText("Some targets hold your corrections");
        if (owner != null) {
            a.initOwner(owner);
        }
        ButtonType b = a.showAndWait().orElse(ButtonType.CANCEL);
        return b == SKIP ? SegmentRunner.Overwrite.SKIP
                : b == OVERWRITE ? SegmentRunner.Overwrite.OVERWRITE : SegmentRunner.Overwrite.CANCEL;
    }
}
