package io.proxyprompt.session;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes workspace snapshots in order on one background thread, so that saving after every edit never blocks
 * the thread that edits. Failures go to {@code onError} (the UI shows them); the work in memory is kept.
 */
public final class Autosaver implements AutoCloseable {

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workspace-autosave");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<IOException> onError;
    private volatile Future<?> last;

    public Autosaver(Consumer<IOException> onError) {
        this.onError = onError;
    }

    /**
     * Queues the snapshot for writing. After {@link #close} (a late background result while the window closes)
     * it is written at once on the caller's thread instead, so that no change is dropped.
     */
    public void save(Workspace.Snapshot snapshot) {
        Runnable write = () -> {
            try {
                WorkspaceStore.write(snapshot);
            } catch (IOException e) {
                onError.accept(e);
            }
        };
        try {
            last = writer.submit(write);
        } catch (RejectedExecutionException closed) {
            write.run();
        }
    }

    /** Waits until everything queued so far is written (for tests and for closing). */
    public void flush() throws InterruptedException {
        Future<?> f = last;
        if (f != null) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Autosave failed", e.getCause());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
