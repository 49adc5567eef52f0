package io.proxyprompt.ui.tasks;

import io.proxyprompt.progress.CancelledException;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread: loading and saving on an I/O pool, segmentation on one compute thread (runs queue
 * so they never fight over the model). Results and errors come back on the FX thread.
 */
public final class Background implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final ExecutorService io = Executors.newFixedThreadPool(2, named("io"));
    private final ExecutorService compute = Executors.newSingleThreadExecutor(named("segment"));
    private final ExecutorService training = Executors.newSingleThreadExecutor(named("adapt"));

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs an I/O task; {@code onDone}/{@code onError} are called on the FX thread. */
    public <T> Task<T> io(Task<T> task, Consumer<T> onDone, Consumer<Throwable> onError) {
        wire(task, onDone, onError);
        submit(io, task);
        return task;
    }

    /** Runs a compute task (segmentation) on the single compute thread. */
    public <T> Task<T> compute(Task<T> task, Consumer<T> onDone, Consumer<Throwable> onError) {
        wire(task, onDone, onError);
        submit(compute, task);
        return task;
    }

    /**
     * Runs a task that takes minutes and does not use the loaded model (adapting a model in another process) on its
     * own thread, so segmentation, loading and saving go on meanwhile.
     */
    public <T> Task<T> longRunning(Task<T> task, Consumer<T> onDone, Consumer<Throwable> onError) {
        wire(task, onDone, onError);
        submit(training, task);
        return task;
    }

    /** After {@link #close()} (the window is closing) new work is dropped instead of failing. */
    private static void submit(ExecutorService pool, Task<?> task) {
        try {
            pool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.cancel(false);
        }
    }

    private static <T> void wire(Task<T> task, Consumer<T> onDone, Consumer<Throwable> onError) {
        task.setOnSucceeded(e -> onDone.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        logOutcome(task);
    }

    /**
     * Logs the task's outcome and duration (successes at DEBUG: the work itself logs what matters): a failure's
     * stack trace goes to the log, its message to the UI. Event handlers, so callers may still set onCancelled.
     */
    private static void logOutcome(Task<?> task) {
        long start = System.nanoTime();
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> LOG.debug("{}: done in {} ms",
                task.getTitle(), (System.nanoTime() - start) / 1_000_000));
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            Throwable problem = task.getException();
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (problem instanceof CancelledException) {
                LOG.info("{}: cancelled after {} ms", task.getTitle(), ms);
            } else {
                LOG.warn("{}: failed after {} ms: {}", task.getTitle(), ms, problem.getMessage(), problem);
            }
        });
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> LOG.info("{}: cancelled after {} ms",
                task.getTitle(), (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Waits until the I/O and compute work queued before this call has finished (the benchmark times each single
     * run on a quiet window, not over the measuring and thumbnails of the run before).
     */
    public void awaitQueued() throws InterruptedException, java.util.concurrent.ExecutionException {
        java.util.concurrent.CountDownLatch bothIoThreads = new java.util.concurrent.CountDownLatch(2);
        Runnable meet = () -> {
            bothIoThreads.countDown();
            try {
                bothIoThreads.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.Future<?> a = io.submit(meet);
        java.util.concurrent.Future<?> b = io.submit(meet);
        java.util.concurrent.Future<?> c = compute.submit(() -> { });
        a.get();
        b.get();
        c.get();
    }

    /** Runs {@code r} on the FX thread (now if already there). */
    public static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    @Override
    public void close() throws InterruptedException {
        io.shutdownNow();
        compute.shutdownNow();
        training.shutdownNow();
        io.awaitTermination(5, TimeUnit.SECONDS);
        training.awaitTermination(5, TimeUnit.SECONDS);
        compute.awaitTermination(5, TimeUnit.SECONDS);
    }
}
