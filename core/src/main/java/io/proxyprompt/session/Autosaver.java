package io.proxyprompt.session;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    public Autosaver(Consumer<IOException> onError) {
        this.onError = onError;
    }

    /** Queues the snapshot for writing. */
    public void save(Workspace.Snapshot snapshot) {
        requests.incrementAndGet();
        last = writer.submit(() -> {
            try {
                writes.incrementAndGet();
                WorkspaceStore.write(snapshot);
            } catch (IOException e) {
                onError.accept(e);
            }
        });
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

    /** How many saves were asked for. */
    public long requests() {
        return requests.get();
    }

    /** How many snapshots were written (fewer than asked for when saves were coalesced). */
    public long writes() {
        return writes.get();
    }

    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
