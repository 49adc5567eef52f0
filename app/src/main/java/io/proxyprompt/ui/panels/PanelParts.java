package io.proxyprompt.ui.panels;

import io.proxyprompt.ui.Icons;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

import java.util.Optional;

/** Small building blocks the side panels share: section labels, placeholders, rows, icon buttons, a name prompt. */
final class PanelParts {

    private PanelParts() {
    }

    static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-label");
        return l;
    }

    static Label placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("placeholder");
        return l;
    }

    static HBox row(Node... nodes) {
        HBox h = new HBox(6, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    static Button iconButton(String icon, String id, String tip) {
        Button b = new Button();
        b.setId(id);
        b.setGraphic(Icons.icon(icon, 12));
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** Asks for a name; empty when cancelled or left blank. */
    static Optional<String> ask(Window owner, String title, String text, String initial) {
        TextInputDialog d = new TextInputDialog(initial);
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(text);
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }
}
