package io.proxyprompt.ui;

import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.viewer.ImageViewer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The key gestures that are not commands of their own (the commands' keys are handled by
 * {@link io.proxyprompt.ui.actions.Commands#installKeys}): arrow keys for the previous/next target, Space held to
 * pan, Enter and Esc to close or cancel a polygon in progress. Ignored while the user types in a text field.
 */
final class Shortcuts {

    private Shortcuts() {
    }

    static void install(Scene scene, ImageViewer viewer, TargetsPanel targets) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown() || typing(scene)) {
                return;
            }
            boolean handled = switch (e.getCode()) {
                case DOWN, RIGHT -> !adjusting(scene) && move(targets, 1);
                case UP, LEFT -> !adjusting(scene) && move(targets, -1);
                case SPACE -> {
                    viewer.setSpaceDown(true);
                    yield true;
                }
                case ENTER -> viewer.closePolygon();
                case ESCAPE -> viewer.cancelPolygon();
                default -> false;
            };
            if (handled) {
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE) {
                viewer.setSpaceDown(false);
            }
        });
    }

    private static boolean move(TargetsPanel targets, int delta) {
        targets.move(delta);
        return true;
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
