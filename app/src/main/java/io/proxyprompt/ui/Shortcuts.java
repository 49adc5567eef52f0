package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.ToolState;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The single-key shortcuts of the workstation (B brush, E eraser, P polygon, F fill, [ ] brush size, O opacity,
 * arrows and page keys for the next/previous target, Space to pan, Enter/Esc for polygons). They are ignored while
 * the user types in a text field; Ctrl shortcuts are menu accelerators.
 */
final class Shortcuts {

    private Shortcuts() {
    }

    static void install(Scene scene, ToolState tools, ImageViewer viewer, TargetsPanel targets) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown() || typing(scene)) {
                return;
            }
            switch (e.getCode()) {
                case PAGE_DOWN, DOWN, RIGHT -> {
                    if (!adjusting(scene) || e.getCode() == KeyCode.PAGE_DOWN) {
                        targets.move(1);
                        e.consume();
                    }
                }
                case PAGE_UP, UP, LEFT -> {
                    if (!adjusting(scene) || e.getCode() == KeyCode.PAGE_UP) {
                        targets.move(-1);
                        e.consume();
                    }
                }
                case SPACE -> {
                    viewer.setSpaceDown(true);
                    e.consume();
                }
                default -> {
                }
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                viewer.setSpaceDown(false);
            }
        });
        // a filter, so that lists and combo boxes with focus do not swallow the tool keys
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown() || typing(scene) || e.isConsumed()) {
                return;
            }
            boolean handled = true;
            switch (e.getCode()) {
                case B -> tools.toolProperty().set(EditTool.BRUSH);
                case E -> tools.toolProperty().set(EditTool.ERASER);
                case P -> tools.toolProperty().set(EditTool.POLYGON);
                case F -> tools.toolProperty().set(EditTool.FILL);
                case OPEN_BRACKET -> tools.resizeBrush(-1);
                case CLOSE_BRACKET -> tools.resizeBrush(1);
                case O -> tools.cycleOpacity();
                case ENTER -> handled = viewer.closePolygon();
                case ESCAPE -> handled = viewer.cancelPolygon();
                default -> handled = false;
            }
            if (handled) {
                e.consume();
            }
        });
    }

    private static boolean typing(Scene scene) {
        Node f = scene.getFocusOwner();
        return f instanceof TextInputControl || f instanceof Spinner<?>;
    }

    /** Sliders and combo boxes use the arrow keys themselves. */
    private static boolean adjusting(Scene scene) {
        Node f = scene.getFocusOwner();
        return f instanceof Slider || f instanceof ComboBoxBase<?>;
    }
}
