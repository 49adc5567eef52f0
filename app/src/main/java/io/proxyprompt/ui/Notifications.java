package io.proxyprompt.ui;

import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.FxDelay;
import javafx.scene.Node;

/**
 * The messages shown over the image (never over the tools or the Segment button): information hides after five
 * seconds, errors stay until the next message. Safe to call from any thread.
 */
final class Notifications implements Notifier {

    private final MessageBar pane;
    private final FxDelay hideInfo;

    Notifications(Node over) {
        pane = new MessageBar(over);
        pane.setId("notifications");
        hideInfo = new FxDelay(5000, pane::hide);
    }

    /** The node to put in the layout in place of the one it covers. */
    MessageBar pane() {
        return pane;
    }

    @Override
    public void info(String message) {
        Background.fx(() -> {
            pane.show(message, null);
            hideInfo.playFromStart();
        });
    }

    @Override
    public void error(String message) {
        stay(message, "error");
    }

    @Override
    public void notice(String message) {
        stay(message, "notice");
    }

    private void stay(String message, String style) {
        Background.fx(() -> {
            hideInfo.stop();
            pane.show(message, style);
        });
    }
}
