package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.edit.ShapeTools;
import io.proxyprompt.ui.actions.Command;
import io.proxyprompt.ui.actions.Commands;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.ToolState;

/**
 * Every command of the workstation, declared once: text, key, icon, help and when it is available. The menus, the
 * tool bars, the key handling and the F1 table read them from here.
 */
final class WorkstationCommands {

    private WorkstationCommands() {
    }

    static Commands declare(MainWindow w, ToolState tools, ImageViewer viewer, SegmentRunner runner,
                            TargetsPanel targets, HelpDialogs help) {
        Commands c = new Commands();
        // File
        c.add(Command.of("openFiles", "Open targets\u2026").key("Shortcut+O").icon(Icons.PLUS)
                .help("Open target images or DICOM").run(w::chooseTargets).build());
        c.add(Command.of("openFolder", "Open folder or DICOM series\u2026").key("Shortcut+Shift+O")
                .help("Open a folder of images or a DICOM series").run(w::chooseFolder).build());
        c.add(Command.of("openFromPacs", "Open from PACS\u2026").key("Shortcut+Shift+P")
                .help("Find and open studies from a PACS over DICOMweb").run(w::openFromPacs).build());
        c.add(Command.of("openWorkspace", "Open workspace folder\u2026").key("Shortcut+Shift+W")
                .run(w::chooseWorkspace).build());
        c.add(Command.of("removeTargets", "Remove selected targets").icon(Icons.MINUS)
                .help("Remove the selected targets from the workspace (files stay on disk)")
                .disabledWhen(targets.list().getSelectionModel().selectedItemProperty().isNull())
                .run(w::removeSelectedTargets).build());
        c.add(Command.of("preferences", "Preferences\u2026").key("Shortcut+COMMA").help("Preferences")
                .run(w::showPreferences).build());
        c.add(Command.of("quit", "Quit").key("Shortcut+Q").run(w::quit).build());

        // Edit: history, drawing tools, corrections
        c.add(Command.of("undo", "Undo").key("Shortcut+Z").icon(Icons.UNDO).run(viewer::undo).build());
        c.add(Command.of("redo", "Redo").key("Shortcut+Shift+Z").icon(Icons.REDO).run(viewer::redo).build());
        tool(c, tools, EditTool.BRUSH, Icons.BRUSH, "Brush: paints the object");
        tool(c, tools, EditTool.ERASER, Icons.ERASER, "Eraser: removes from the object");
        tool(c, tools, EditTool.POLYGON, Icons.POLYGON,
                "Polygon: click the corners, double-click or Enter to fill, Esc to cancel");
        tool(c, tools, EditTool.FILL, Icons.FILL, "Flood fill: fills the enclosed area under the click "
                + "(Alt+click empties it)");
        tool(c, tools, EditTool.CLICK, Icons.CLICK, "Click: the model redraws the object - left click on the object,"
                + " right or Alt+click on what is not; Backspace removes the last click (needs a click-trained model)");
        c.add(Command.of("removeLastClick", "Remove the last click").key("BACK_SPACE")
                .help("Click tool: redraw the object without its last click").run(viewer::removeLastClick).build());
        c.add(Command.of("brushSmaller", "Smaller brush").key("OPEN_BRACKET").run(() -> tools.resizeBrush(-1))
                .build());
        c.add(Command.of("brushLarger", "Larger brush").key("CLOSE_BRACKET").run(() -> tools.resizeBrush(1))
                .build());
        c.add(Command.of("cycleOpacity", "Overlay opacity").key("O")
                .help("Overlay opacity: 25, 45, 70, 100 %, off").run(tools::cycleOpacity).build());
        c.add(Command.of("toggleOutline", "Outline the object").key("L").icon(Icons.OUTLINE)
                .help("Outline the active object (or stop outlining it)").run(tools::toggleOutline).build());
        shape(c, viewer, "removeIslands", ShapeTools.Operation.ISLANDS, "I", Icons.ISLANDS,
                "Remove islands: pieces of the active object smaller than the size beside the button");
        shape(c, viewer, "smooth", ShapeTools.Operation.SMOOTH, "S", Icons.SMOOTH,
                "Smooth the active object's outline");
        shape(c, viewer, "grow", ShapeTools.Operation.GROW, "G", Icons.GROW, "Grow the active object");
        shape(c, viewer, "shrink", ShapeTools.Operation.SHRINK, "Shift+G", Icons.SHRINK, "Shrink the active object");
        c.add(Command.of("clearMask", "Clear the object's mask").key("Shortcut+Shift+BACK_SPACE")
                .run(viewer::clearActive).build());

        // View
        c.add(Command.of("fit", "Fit to window").key("Shortcut+DIGIT0").icon(Icons.FIT).run(viewer::fit).build());
        c.add(Command.of("actualSize", "Actual pixels").key("Shortcut+DIGIT1").run(viewer::actualSize).build());
        c.add(Command.of("zoomIn", "Zoom in").key("Shortcut+EQUALS").run(() -> viewer.zoom(1.25)).build());
        c.add(Command.of("zoomOut", "Zoom out").key("Shortcut+MINUS").run(() -> viewer.zoom(0.8)).build());
        c.add(Command.of("nextTarget", "Next target").key("PAGE_DOWN").run(() -> targets.move(1)).build());
        c.add(Command.of("previousTarget", "Previous target").key("PAGE_UP").run(() -> targets.move(-1)).build());
        c.add(Command.of("onlyToCheck", "Show only targets to check")
                .help("Show only the targets whose result a quality check flagged").build());

        // Segment, export, help
        c.add(Command.of("segmentAll", "Segment all targets").key("Shortcut+R").icon(Icons.RUN)
                .help("Run the support set on every target").disabledWhen(runner.cannotRun())
                .run(runner::runAll).build());
        c.add(Command.of("segmentSelected", "Segment selected targets").key("Shortcut+Shift+R")
                .disabledWhen(runner.cannotRun()).run(runner::runSelected).build());
        c.add(Command.of("cancelRun", "Cancel run").key("Shortcut+PERIOD").icon(Icons.STOP)
                .help("Cancel the run").disabledWhen(runner.running().not()).run(runner::cancel).build());
        c.add(Command.of("acceptTarget", "Accept target (reviewed)").key("Shortcut+ENTER").icon(Icons.CHECK)
                .help("Accept the target (mark it reviewed)").run(w::acceptTarget).build());
        c.add(Command.of("evaluate", "Evaluate on annotated cases\u2026").run(w::showEvaluation).build());
        c.add(Command.of("adapt", "Adapt model to annotated cases\u2026")
                .help("Adapt the model to your camera from your annotated cases (a new model; the base is kept)")
                .run(w::showAdaptation).build());
        c.add(Command.of("exportResults", "Export masks and measurements\u2026").key("Shortcut+E")
                .icon(Icons.EXPORT).help("Export masks and measurements").run(w::showExport).build());
        c.add(Command.of("sendSegToPacs", "Send SEG to PACS\u2026").help("Send the DICOM SEG of DICOM targets to a PACS")
                .run(w::sendSegToPacs).build());
        c.add(Command.of("shortcuts", "Keyboard shortcuts").key("F1").help("All keyboard shortcuts")
                .run(() -> help.showShortcuts(c)).build());
        c.add(Command.of("openLogFolder", "Open log folder").help("Open the folder of the log files")
                .run(help::openLogFolder).build());
        c.add(Command.of("about", "About ProxyPrompt").run(help::showAbout).build());

        c.gesture("Arrow keys", "previous / next target (PgUp / PgDn while a slider has focus)");
        c.gesture("Space + drag, middle or right drag", "pan");
        c.gesture("Mouse wheel", "zoom around the pointer");
        c.gesture("Enter   Esc", "close the polygon and fill it, cancel it");
        c.gesture("Alt + click (flood fill)", "empty the enclosed area");
        return c;
    }

    private static void tool(Commands c, ToolState tools, EditTool t, String icon, String help) {
        Command[] self = new Command[1];
        self[0] = c.add(Command.of("tool-" + t.name().toLowerCase(java.util.Locale.ROOT), t.label())
                .key(String.valueOf(t.key())).icon(icon).help(help).run(() -> {
                    tools.toolProperty().set(t);
                    self[0].setSelected(true);
                }).build());
        self[0].setSelected(tools.toolProperty().get() == t);
        tools.toolProperty().addListener((o, a, now) -> self[0].setSelected(now == t));
    }

    private static void shape(Commands c, ImageViewer viewer, String id, ShapeTools.Operation op, String key,
                              String icon, String help) {
        c.add(Command.of(id, op.label()).key(key).icon(icon).help(help).run(() -> viewer.applyShape(op)).build());
    }
}
