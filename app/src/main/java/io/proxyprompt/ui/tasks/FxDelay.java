package io.proxyprompt.ui.tasks;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action on the JavaFX thread a set time after its last start, like a {@code PauseTransition} but without
 * an animation: a running animation keeps JavaFX pulsing 60 times a second (a CSS and layout pass over the whole
 * window each time, and a wake-up of the render thread) for its whole length, which a five-second message or a
 * run's batched repaints then spend while the graphs need the cores. Used on the JavaFX thread only.
 */
public final class FxDelay {

    private final long millis;
    private final Runnable action;
    /** Which start the pending action belongs to: a restart or a stop makes an earlier one do nothing. */
    private long generation;
    private boolean pending;

    public FxDelay(long millis, Runnable action) {
        this.millis = millis;
        this.action = action;
    }

    /** Runs the action {@code millis} from now, forgetting an earlier start that has not run yet. */
    public void playFromStart() {
        long mine = ++generation;
        pending = true;
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, Platform::runLater).execute(() -> {
            if (mine == generation) {
                pending = false;
                action.run();
            }
        });
    }

    /** Forgets a start that has not run yet. */
    public void stop() {
        generation++;
        pending = false;
    }

    /** Whether a start is waiting to run. */
    public boolean isPending() {
        return pending;
    }
}
