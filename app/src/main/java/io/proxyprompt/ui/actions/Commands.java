package io.proxyprompt.ui.actions;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyEvent;
import org.controlsfx.control.action.ActionUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workstation's commands by id, in the order they were declared, and the one way each kind of control is made
 * from a command (menu item, button, toggle button), so that every control carries the command's text, key, icon
 * and availability.
 */
public final class Commands {

    /**
     * A key or mouse gesture that is not a command of its own (panning with Space + drag), for the F1 table.
     *
     * @param keys what the user presses, as written in the table
     */
    public record Gesture(String keys, String help) {
    }

    /** One row of the F1 table. */
    public record Row(String keys, String help) {
    }

    private final Map<String, Command> byId = new LinkedHashMap<>();
    private final List<Gesture> gestures = new ArrayList<>();

    /** Adds a command; ids are unique. */
    public Command add(Command c) {
        if (byId.putIfAbsent(c.id(), c) != null) {
            throw new IllegalArgumentException("two commands with id " + c.id());
        }
        return c;
    }

    /** Adds a gesture to the F1 table. */
    public void gesture(String keys, String help) {
        gestures.add(new Gesture(keys, help));
    }

    /** The command of this id. */
    public Command get(String id) {
        Command c = byId.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no command " + id);
        }
        return c;
    }

    public List<Command> all() {
        return List.copyOf(byId.values());
    }

    public List<Gesture> gestures() {
        return Collections.unmodifiableList(gestures);
    }

    /** The F1 table: every command with a key, then the gestures. */
    public List<Row> shortcutRows() {
        List<Row> rows = new ArrayList<>();
        byId.values().stream().filter(c -> c.key() != null).forEach(c -> rows.add(new Row(c.keyText(), c.help())));
        gestures.forEach(g -> rows.add(new Row(g.keys(), g.help())));
        return rows;
    }

    /** A menu item for the command (its id is the command's). */
    public MenuItem menuItem(String id) {
        MenuItem i = ActionUtils.createMenuItem(get(id));
        i.setId(id);
        i.setMnemonicParsing(false);
        return i;
    }

    /** An icon-only tool bar button; its tool tip is the command's (its long text). */
    public Button iconButton(String id, String nodeId) {
        Button b = ActionUtils.createButton(get(id), ActionUtils.ActionTextBehavior.HIDE);
        return withIcon(b, get(id), nodeId);
    }

    /** A button with the command's text and icon. */
    public Button button(String id, String nodeId) {
        Button b = ActionUtils.createButton(get(id), ActionUtils.ActionTextBehavior.SHOW);
        return withIcon(b, get(id), nodeId);
    }

    private static <B extends javafx.scene.control.ButtonBase> B withIcon(B b, Command c, String nodeId) {
        b.setId(nodeId);
        b.graphicProperty().unbind();
        b.setGraphic(c.newIcon(14));
        return b;
    }

    /** A button with a shorter label than the command's text (e.g. "Cancel" for "Cancel run"). */
    public Button button(String id, String nodeId, String label) {
        Button b = button(id, nodeId);
        b.textProperty().unbind();
        b.setText(label);
        return b;
    }

    /** A toggle button with a text label (and no icon) whose selection follows the command's. */
    public ToggleButton toggle(String id, String nodeId, String label) {
        ToggleButton b = withIcon(ActionUtils.createToggleButton(get(id), ActionUtils.ActionTextBehavior.SHOW),
                get(id), nodeId);
        b.textProperty().unbind();
        b.setText(label);
        return b;
    }

    /** An icon-only toggle button whose selection follows the command's. */
    public ToggleButton iconToggle(String id, String nodeId) {
        ToggleButton b = ActionUtils.createToggleButton(get(id), ActionUtils.ActionTextBehavior.HIDE);
        return withIcon(b, get(id), nodeId);
    }

    /**
     * Lets the plain keys of the commands (B, [, O, Shift+G...) act anywhere in the scene except while the user
     * types in a text field or a spinner. A filter, so that lists and combo boxes with focus do not swallow them.
     */
    public void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isConsumed() || e.isShortcutDown() || e.isAltDown() || typing(scene)) {
                return;
            }
            for (Command c : byId.values()) {
                if (c.isPlainKey() && c.key().match(e)) {
                    c.fire();
                    e.consume();
                    return;
                }
            }
        });
    }

    private static boolean typing(Scene scene) {
        Node f = scene.getFocusOwner();
        return f instanceof TextInputControl || f instanceof Spinner<?>;
    }
}
