package io.proxyprompt.application;

import io.proxyprompt.progress.CancelledException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An {@link ExportWriter} on its own thread behind a short queue, for a batch sink: the batch hands each frame over
 * and goes on with the next one while this thread measures it, encodes its PNGs and syncs them to disk. The queue
 * holds at most {@code capacity} frames (each holds its image and masks), so memory stays bounded however long
 * the batch is; the batch waits when the writer falls behind.
 */
public final class QueuedExportWriter implements AutoCloseable {

    /**
     * A frame whose files could not be written.
     *
     * @param target the frame's target name
     * @param error  why (a {@link java.nio.file.FileAlreadyExistsException} when replacing was not allowed)
     */
    public record Failure(String target, Throwable error) { }

    private final ExportWriter writer;
    private final BlockingQueue<Object> queue;
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private boolean finished;

    /** Starts the writer thread. */
    public QueuedExportWriter(ExportWriter writer, int capacity) {
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::drain, "export-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues one frame (frames of one target one after the other); waits while the queue is full.
     *
     * @throws CancelledException when the waiting thread is interrupted (the frame is not written)
     */
    public void write(ExportItem item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /**
     * Waits until every queued frame is written, then writes the last SEG and the measurements table.
     *
     * @return the export's report; frames that could not be written are in {@link #failures()}
     * @throws IOException when the table or the last SEG cannot be written
     */
    public ExportReport finish() throws IOException {
        stopAfterQueue();
        return writer.finish();
    }

    /** The frames that could not be written, in the order they came. */
    public List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops the thread once what is queued is written (nothing is lost); {@link #finish()} does this itself. */
    @Override
    public void close() {
        stopAfterQueue();
    }

    private void stopAfterQueue() {
        if (finished) {
            return;
        }
        finished = true;
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(new Object());
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        BatchSegmentation.awaitEnd(thread);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!(next instanceof ExportItem item)) {
                return; // the end marker
            }
            try {
                writer.write(item);
            } catch (IOException | RuntimeException | Error e) {
                // recorded, never fatal here: the batch must not wait forever on a writer that died
                failures.add(new Failure(item.name(), e));
            }
        }
    }
}
