package io.proxyprompt.ui.actions;

import io.proxyprompt.ui.Icons;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;
import org.controlsfx.control.action.Action;

import java.util.Objects;

/**
 * One thing the user can do, declared once: its text, its key, its icon, what the help says about it and when it
 * is available. Menus, tool bar buttons, the key handling and the F1 table are all made from it, so they cannot
 * disagree. A key without Ctrl or Alt (B for the brush) is a "plain" key: the menu shows it, but only the
 * workstation's key filter acts on it, and never while the user types in a text field.
 */
public final class Command extends Action {

    private final String id;
    private final KeyCombination key;
    private final String help;
    private final String icon;

    private Command(Builder b) {
        super(b.text, e -> b.run.run());
        this.id = b.id;
        this.key = b.key;
        this.help = b.help != null ? b.help : b.text.replace("\u2026", "");
        this.icon = b.icon;
        if (key != null) {
            setAccelerator(isPlainKey() ? new ShownKey(key) : key);
        }
        setLongText(tooltip());
        if (b.disabled != null) {
            disabledProperty().bind(b.disabled);
        }
    }

    /** Starts a command: a stable id (the menu item's and the button's node id) and the menu text. */
    public static Builder of(String id, String text) {
        return new Builder(id, text);
    }

    public String id() {
        return id;
    }

    /** The key, or null when the command has none. */
    public KeyCombination key() {
        return key;
    }

    /** A key without Ctrl/Cmd, Alt or Meta (Shift allowed). */
    public boolean isPlainKey() {
        return key != null && key.getShortcut() != KeyCombination.ModifierValue.DOWN
                && key.getControl() != KeyCombination.ModifierValue.DOWN
                && key.getAlt() != KeyCombination.ModifierValue.DOWN
                && key.getMeta() != KeyCombination.ModifierValue.DOWN;
    }

    /** The key as the user reads it ("Ctrl+Z", "B"), empty without one. */
    public String keyText() {
        return key == null ? "" : key.getDisplayText().replace("\u21B5", "Enter");
    }

    /**
     * A new icon node for one control (a node has one parent, so each button gets its own), or null without one.
     */
    public javafx.scene.Node newIcon(double size) {
        return icon == null ? null : Icons.icon(icon, size);
    }

    /** What the F1 table says the key does. */
    public String help() {
        return help;
    }

    /** The tool tip of a button for this command: its help and, in brackets, its key. */
    public String tooltip() {
        return key == null ? help : help + " (" + keyText() + ")";
    }

    /** Runs the command now (as its menu item or button would), unless it is disabled. */
    public void fire() {
        if (!isDisabled()) {
            handle(new javafx.event.ActionEvent());
        }
    }

    /** Builds a {@link Command}. */
    public static final class Builder {
        private final String id;
        private final String text;
        private KeyCombination key;
        private String icon;
        private String help;
        private Runnable run = () -> { };
        private ObservableBooleanValue disabled;

        private Builder(String id, String text) {
            this.id = Objects.requireNonNull(id);
            this.text = Objects.requireNonNull(text);
        }

        /**
         * The key: modifiers and a {@link javafx.scene.input.KeyCode} name joined by '+' ("Shortcut+Z", "B",
         * "Shift+G", "CLOSE_BRACKET", "Shortcut+Shift+BACK_SPACE").
         */
        public Builder key(String combination) {
            int plus = combination.lastIndexOf('+', combination.length() - 2);
            String last = combination.substring(plus + 1);
            String code;
            try {
                // KeyCombination reads a key by its display name ("Close Bracket"); the enum name reads better here
                code = javafx.scene.input.KeyCode.valueOf(last).getName();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a KeyCode name: " + last + " in " + combination, e);
            }
            this.key = KeyCombination.keyCombination(combination.substring(0, plus + 1) + code);
            if (!(key instanceof javafx.scene.input.KeyCodeCombination)) {
                throw new IllegalArgumentException("not a key: " + combination);
            }
            return this;
        }

        /** An {@link Icons} path. */
        public Builder icon(String path) {
            this.icon = path;
            return this;
        }

        /** A longer description for the F1 table and tool tips (default: the text). */
        public Builder help(String help) {
            this.help = help;
            return this;
        }

        public Builder run(Runnable run) {
            this.run = Objects.requireNonNull(run);
            return this;
        }

        /** Disabled while this is true. */
        public Builder disabledWhen(ObservableBooleanValue disabled) {
            this.disabled = disabled;
            return this;
        }

        public Command build() {
            return new Command(this);
        }
    }
}
