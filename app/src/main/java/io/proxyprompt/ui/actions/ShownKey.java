package io.proxyprompt.ui.actions;

import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * A plain key (B, [, Shift+G) as a menu shows it, that never fires as a menu accelerator: a scene accelerator
 * would also fire while the user types that letter into a text field. {@link Commands#installKeys} acts on it
 * instead, and skips text fields.
 */
final class ShownKey extends KeyCombination {

    private final KeyCombination key;

    ShownKey(KeyCombination key) {
        this.key = key;
    }

    @Override
    public boolean match(KeyEvent event) {
        return false;
    }

    @Override
    public String getName() {
        return key.getName();
    }

    @Override
    public String getDisplayText() {
        return key.getDisplayText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShownKey s && s.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + 7;
    }
}
