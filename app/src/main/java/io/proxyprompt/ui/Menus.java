package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.ToolState;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/** The menu bar: File, Edit, View, Segment, Export, Help, with their keyboard shortcuts. */
final class Menus {

    private final MainWindow window;
    private final Services services;
    private final ToolState tools;
    private final ImageViewer viewer;
    private final SegmentRunner runner;

    Menus(MainWindow window, Services services, ToolState tools, ImageViewer viewer, SegmentRunner runner) {
        this.window = window;
        this.services = services;
        this.tools = tools;
        this.viewer = viewer;
        this.runner = runner;
    }

    MenuBar menuBar() {
        MenuBar bar = new MenuBar(file(), edit(), view(), segment(), export(), help());
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(String id, String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        if (accelerator != null) {
            i.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    private static Menu menu(String id, String text, MenuItem... items) {
        Menu m = new Menu(text);
        m.setId(id);
        m.getItems().addAll(items);
        return m;
    }

    private Menu file() {
        return menu("menuFile", "File",
                item("openFiles", "Open targets\u2026", "Shortcut+O", window::chooseTargets),
                item("openFolder", "Open folder or DICOM series\u2026", "Shortcut+Shift+O", window::chooseFolder),
                item("openFromPacs", "Open from PACS\u2026", "Shortcut+Shift+P", window::openFromPacs),
                recent(),
                new SeparatorMenuItem(),
                workspace(),
                new SeparatorMenuItem(),
                item("preferences", "Preferences\u2026", "Shortcut+Comma", window::showPreferences),
                new SeparatorMenuItem(),
                item("quit", "Quit", "Shortcut+Q", () -> {
                    if (window.window() != null) {
                        window.window().hide();
                    }
                    Platform.exit();
                }));
    }

    private MenuItem workspace() {
        MenuItem i = item("openWorkspace", "Open workspace folder\u2026", "Shortcut+Shift+W",
                window::chooseWorkspace);
        return i;
    }

    /** File › Open recent, rebuilt each time it opens. */
    private Menu recent() {
        Menu m = menu("openRecent", "Open recent", new MenuItem("(none)"));
        m.setOnShowing(e -> {
            m.getItems().clear();
            java.util.List<java.nio.file.Path> paths = window.bench().recent();
            for (java.nio.file.Path p : paths) {
                MenuItem i = item(null, p.getFileName() + "   \u2014 " + p.getParent(), null,
                        () -> window.openTargets(java.util.List.of(p)));
                i.setMnemonicParsing(false);
                m.getItems().add(i);
            }
            if (paths.isEmpty()) {
                MenuItem none = new MenuItem("(none)");
                none.setDisable(true);
                m.getItems().add(none);
            } else {
                m.getItems().addAll(new SeparatorMenuItem(),
                        item("clearRecent", "Clear the list", null, window.bench()::clearRecent));
            }
        });
        return m;
    }

    private Menu edit() {
        Menu m = menu("menuEdit", "Edit",
                item("undo", "Undo", "Shortcut+Z", viewer::undo),
                item("redo", "Redo", "Shortcut+Shift+Z", viewer::redo),
                new SeparatorMenuItem());
        for (EditTool t : EditTool.values()) {
            m.getItems().add(item("tool-" + t.name().toLowerCase(), t.label() + "\t" + t.key(), null,
                    () -> tools.toolProperty().set(t)));
        }
        m.getItems().addAll(
                item("brushLarger", "Larger brush\t]", null, () -> tools.resizeBrush(1)),
                item("brushSmaller", "Smaller brush\t[", null, () -> tools.resizeBrush(-1)),
                item("cycleOpacity", "Overlay opacity\tO", null, tools::cycleOpacity),
                new SeparatorMenuItem(),
                item("clearMask", "Clear the object's mask", "Shortcut+Shift+BACK_SPACE", viewer::clearActive));
        return m;
    }

    private Menu view() {
        return menu("menuView", "View",
                item("fit", "Fit to window", "Shortcut+0", viewer::fit),
                item("actualSize", "Actual pixels", "Shortcut+1", viewer::actualSize),
                item("zoomIn", "Zoom in", "Shortcut+EQUALS", () -> viewer.zoom(1.25)),
                item("zoomOut", "Zoom out", "Shortcut+MINUS", () -> viewer.zoom(0.8)),
                new SeparatorMenuItem(),
                item("nextTarget", "Next target\tPgDn", null, () -> window.targets().move(1)),
                item("previousTarget", "Previous target\tPgUp", null, () -> window.targets().move(-1)));
    }

    private Menu segment() {
        MenuItem all = item("segmentAll", "Segment all targets", "Shortcut+R", runner::runAll);
        MenuItem selected = item("segmentSelected", "Segment selected targets", "Shortcut+Shift+R",
                runner::runSelected);
        MenuItem cancel = item("cancelRun", "Cancel run", "Shortcut+PERIOD", runner::cancel);
        all.disableProperty().bind(runner.cannotRun());
        selected.disableProperty().bind(runner.cannotRun());
        cancel.disableProperty().bind(runner.running().not());
        return menu("menuSegment", "Segment", all, selected, cancel, new SeparatorMenuItem(),
                item("acceptTarget", "Accept target (reviewed)", "Shortcut+ENTER", window::acceptTarget),
                new SeparatorMenuItem(),
                item("evaluate", "Evaluate on annotated cases\u2026", null, window::showEvaluation));
    }

    private Menu export() {
        return menu("menuExport", "Export", item("exportResults", "Export masks and measurements\u2026",
                "Shortcut+E", window::showExport),
                item("sendSegToPacs", "Send SEG to PACS\u2026", null, window::sendSegToPacs));
    }

    private Menu help() {
        return menu("menuHelp", "Help",
                item("shortcuts", "Keyboard shortcuts", "F1", this::showShortcuts),
                item("openLogFolder", "Open log folder", null, this::openLogFolder),
                item("about", "About ProxyPrompt", null, this::showAbout));
    }

    /** Key and action, as the Help › Keyboard shortcuts table shows them. */
    static final String[][] SHORTCUTS = {
        {"B  E  P  F", "brush, eraser, polygon, flood fill"},
        {"[  ]", "smaller / larger brush"},
        {"O", "overlay opacity (25, 45, 70, 100 %, off)"},
        {"Space + drag, middle drag", "pan"},
        {"Mouse wheel", "zoom around the pointer"},
        {"Ctrl+0   Ctrl+1", "fit to window, actual pixels"},
        {"Enter   Esc", "close the polygon and fill it, cancel it"},
        {"Alt + click (flood fill)", "empty the enclosed area"},
        {"Arrows, PgUp, PgDn", "previous / next target"},
        {"Ctrl+Z   Ctrl+Shift+Z", "undo, redo"},
        {"Ctrl+O   Ctrl+Shift+O", "open targets, open a folder or DICOM series"},
        {"Ctrl+R   Ctrl+Shift+R", "segment all, segment selected"},
        {"Ctrl+.", "cancel the run"},
        {"Ctrl+Enter", "accept the target (reviewed)"},
        {"Ctrl+E", "export masks and measurements"},
        {"Ctrl+,", "preferences"},
    };

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        javafx.scene.layout.GridPane g = new javafx.scene.layout.GridPane();
        g.setHgap(24);
        g.setVgap(5);
        for (int r = 0; r < SHORTCUTS.length; r++) {
            javafx.scene.control.Label key = new javafx.scene.control.Label(SHORTCUTS[r][0]);
            key.getStyleClass().add("shortcut-key");
            g.addRow(r, key, new javafx.scene.control.Label(SHORTCUTS[r][1]));
        }
        a.getDialogPane().setContent(g);
        show(a, "Keyboard shortcuts", "Keyboard shortcuts");
    }

    private void showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION,
                "Few-shot segmentation of fundus photographs and DICOM images: draw an object once on a support "
                        + "image, and a Proxy Prompt Generator in front of SAM segments it on every target.\n\n"
                        + "Version " + io.proxyprompt.common.AppVersion.get() + "\nModel: " + window.engine().status().model()
                        + "\nDevice: " + window.engine().status().deviceText());
        show(a, "About ProxyPrompt Workstation", "ProxyPrompt Workstation");
    }

    /** Opens the log folder in the desktop's file manager, or shows its path (to copy) where that is impossible. */
    private void openLogFolder() {
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
        services.background().io(new io.proxyprompt.ui.tasks.ProgressTask<>("Open log folder",
                (p, c) -> FileManager.open(folder.get())), opened -> {
                    if (!opened) {
                        showPath.accept("No file manager could be opened; the log files are in this folder");
                    }
                }, e -> showPath.accept("The log files are in this folder"));
    }

    /** Shows an information dialog over the window, styled like it. */
    private void show(Alert a, String title, String header) {
        a.initOwner(window.window());
        a.setTitle(title);
        a.setHeaderText(header);
        a.getDialogPane().getStylesheets().add(Menus.class.getResource("workstation.css").toExternalForm());
        a.show();
    }
}
