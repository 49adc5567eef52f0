package io.proxyprompt.ui.tasks;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import javafx.concurrent.Task;

/**
 * A JavaFX {@link Task} around pipeline work that reports through a {@link ProgressListener} and stops on a
 * {@link CancellationToken}: progress and messages reach the UI, and {@code cancel()} reaches the work.
 */
public final class ProgressTask<T> extends Task<T> {

    /** Pipeline work: runs on a worker thread, never on the FX thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ProgressListener progress, CancellationToken cancel) throws Exception;
    }

    private final Work<T> work;
    private final CancellationToken token = new CancellationToken();

    public ProgressTask(String title, Work<T> work) {
        this.work = work;
        updateTitle(title);
    }

    @Override
    protected T call() throws Exception {
        return work.run((done, total, message) -> {
            updateProgress(done, total);
            if (message != null) {
                updateMessage(message);
            }
        }, token);
    }

    @Override
    protected void cancelled() {
        token.cancel();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        token.cancel();
        // never interrupt: native inference and file writes must finish their unit and clean up
        return super.cancel(false);
    }

    /** The token the work sees (cancelled when the task is). */
    public CancellationToken token() {
        return token;
    }
}
