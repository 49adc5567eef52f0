package io.proxyprompt.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * A message bar over the top of a node (the image), shown and hidden at once. It replaces ControlsFX's sliding
 * {@code NotificationPane}: on a machine without a GPU every frame of the slide redrew the photograph under the
 * bar, about 200 ms of the window's CPU per message, taken from the graphs of the run it announced.
 */
final class MessageBar extends StackPane {

    private final Label text = new Label();
    private final HBox bar;

    MessageBar(Node over) {
        getStyleClass().add("message-bar-host");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button close = new Button("\u00D7");
        close.getStyleClass().add("message-bar-close");
        close.setFocusTraversable(false);
        close.setOnAction(e -> hide());
        bar = new HBox(8, text, close);
        bar.getStyleClass().add("message-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMaxHeight(Region.USE_PREF_SIZE);
        bar.setVisible(false);
        bar.setManaged(false);
        StackPane.setAlignment(bar, Pos.TOP_CENTER);
        getChildren().addAll(over, bar);
    }

    /**
     * Shows {@code message} in the given style ({@code null}: information, or "error", "notice", a style class of
     * this node).
     */
    void show(String message, String style) {
        getStyleClass().removeAll("error", "notice");
        if (style != null) {
            getStyleClass().add(style);
        }
        text.setText(message);
        bar.setManaged(true);
        bar.setVisible(true);
    }

    void hide() {
        bar.setVisible(false);
        bar.setManaged(false);
    }

    boolean isShowing() {
        return bar.isVisible();
    }

    /** The message shown last (also once hidden). */
    String getText() {
        return text.getText();
    }
}
