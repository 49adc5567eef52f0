package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.ui.actions.Commands;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Supplier;

/** Help › Keyboard shortcuts (F1), made from the commands themselves, Help › Open log folder and Help › About. */
final class HelpDialogs {

    private final Supplier<Window> owner;
    private final Supplier<EngineStatus> engine;
    private final io.proxyprompt.ui.tasks.Background background;

    HelpDialogs(Supplier<Window> owner, Supplier<EngineStatus> engine, io.proxyprompt.ui.tasks.Background background) {
        this.owner = owner;
        this.engine = engine;
        this.background = background;
    }

    /** The F1 table: every command with a key, then the mouse and key gestures, in two columns. */
    static GridPane shortcutTable(Commands commands) {
        GridPane g = new GridPane();
        g.setId("shortcutTable");
        g.setHgap(18);
        g.setVgap(4);
        List<Commands.Row> rows = commands.shortcutRows();
        int half = (rows.size() + 1) / 2;
        for (int i = 0; i < rows.size(); i++) {
            Label key = new Label(rows.get(i).keys());
            key.getStyleClass().add("shortcut-key");
            Label what = new Label(rows.get(i).help());
            g.add(key, i < half ? 0 : 2, i % half);
            g.add(what, i < half ? 1 : 3, i % half);
        }
        return g;
    }

    void showShortcuts(Commands commands) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.getDialogPane().setContent(shortcutTable(commands));
        show(a, "Keyboard shortcuts", "Keyboard shortcuts");
    }

    void showAbout() {
        EngineStatus s = engine.get();
        Alert a = new Alert(Alert.AlertType.INFORMATION,
                "Few-shot segmentation of fundus photographs and DICOM images: draw an object once on a support "
                        + "image, and a Proxy Prompt Generator in front of SAM segments it on every target.\n\n"
                        + "Version " + io.proxyprompt.common.AppVersion.get() + "\nModel: " + s.model()
                        + "\nDevice: " + s.deviceText());
        show(a, "About ProxyPrompt Workstation", "ProxyPrompt Workstation");
    }

    /** Help › Open log folder: opens it in the file manager, or shows its path when none opens. */
    void openLogFolder() {
        java.util.Optional<java.nio.file.Path> folder = io.proxyprompt.logging.LogFile.activeFolder();
        java.util.function.Consumer<String> showPath = header -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            javafx.scene.control.TextField path = new javafx.scene.control.TextField(folder.map(Object::toString)
                    .orElse("This session writes no log file (see the message shown at start-up)"));
            path.setId("logFolderPath");
            path.setEditable(false);
            path.setPrefColumnCount(Math.max(30, path.getText().length()));
            a.getDialogPane().setContent(path);
            show(a, "Log folder", header);
        };
        if (folder.isEmpty()) {
            showPath.accept("No log file");
            return;
        }
        background.io(new io.proxyprompt.ui.tasks.ProgressTask<>("Open log folder",
                (p, c) -> FileManager.open(folder.get())), opened -> {
                    if (!opened) {
                        showPath.accept("No file manager could be opened; the log files are in this folder");
                    }
                }, e -> showPath.accept("The log files are in this folder"));
    }

    /** Shows an information dialog over the window, styled like it. */
    private void show(Alert a, String title, String header) {
        a.initOwner(owner.get());
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().getStylesheets().add(HelpDialogs.class.getResource("workstation.css").toExternalForm());
        a.show();
    }
}
