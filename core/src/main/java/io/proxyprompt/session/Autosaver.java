package io.proxyprompt.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes workspace snapshots on one background thread, so that saving after every edit never blocks the thread
 * that edits. Saves are coalesced: while one write runs, every snapshot asked for meanwhile is merged into one
 * pending write (the latest state file, and every mask and history changed since the last write, the newest copy
 * of each), so a burst of edits makes one or two writes and no edit is dropped. A write that fails goes to
 * {@code onError} (the UI shows it) and its changes are written again with the next save; the work in memory is
 * kept.
 */
public final class Autosaver implements AutoCloseable {

    /** Writes one snapshot (the workspace store's write; tests slow it down). */
    @FunctionalInterface
    public interface Store {
        void write(Workspace.Snapshot snapshot) throws IOException;
    }

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workspace-autosave");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<IOException> onError;
    private final Store store;
    private final Object lock = new Object();
    /** Per workspace folder, what is still to write; guarded by {@link #lock}. */
    private final Map<Path, Workspace.Snapshot> pending = new LinkedHashMap<>();
    private boolean draining;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    public Autosaver(Consumer<IOException> onError) {
        this(onError, WorkspaceStore::write);
    }

    public Autosaver(Consumer<IOException> onError, Store store) {
        this.onError = onError;
        this.store = store;
    }

    /**
     * Queues the snapshot for writing, merged with any snapshot still waiting for the same folder. After
     * {@link #close} (a late background result while the window closes) what is pending is written at once on the
     * caller's thread instead, so that no change is dropped.
     */
    public void save(Workspace.Snapshot snapshot) {
        requests.incrementAndGet();
        boolean closed = false;
        synchronized (lock) {
            pending.merge(snapshot.folder(), snapshot, Workspace.Snapshot::followedBy);
            if (!draining) {
                draining = true;
                try {
                    writer.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closed = true;
                }
            }
        }
        if (closed) {
            drain();
        }
    }

    /** Writes until nothing is pending; a failed snapshot waits for the next save, merged under it. */
    private void drain() {
        Map<Path, Workspace.Snapshot> failed = new LinkedHashMap<>();
        while (true) {
            Workspace.Snapshot next;
            synchronized (lock) {
                if (pending.isEmpty()) {
                    failed.forEach((folder, s) -> pending.merge(folder, s, (older, newer) -> older.followedBy(newer)));
                    draining = false;
                    lock.notifyAll();
                    return;
                }
                Path folder = pending.keySet().iterator().next();
                next = pending.remove(folder);
            }
            try {
                writes.incrementAndGet();
                store.write(next);
            } catch (IOException e) {
                failed.merge(next.folder(), next, Workspace.Snapshot::followedBy);
                onError.accept(e);
            } catch (RuntimeException e) {
                failed.merge(next.folder(), next, Workspace.Snapshot::followedBy);
                onError.accept(new IOException(e.getMessage(), e));
            }
        }
    }

    /** Waits until everything asked for so far is written (or failed). */
    public void flush() throws InterruptedException {
        synchronized (lock) {
            while (draining) {
                lock.wait();
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

    /** Writes what is pending, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
