package io.proxyprompt.batch;

import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the job's progress on the driver every few seconds, from the accumulators (which count each partition's
 * targets when it finishes) and Spark's status tracker (tasks done); Spark's UI shows the same per stage.
 */
final class ProgressPrinter implements AutoCloseable {

    private final Thread thread;
    private volatile boolean stopped;

    ProgressPrinter(JavaSparkStatusTracker tracker, JobCounters counters, int targets, int seconds, PrintStream out) {
        long t0 = System.nanoTime();
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
                int tasks = 0;
                int tasksDone = 0;
                for (int id : tracker.getActiveStageIds()) {
                    SparkStageInfo s = tracker.getStageInfo(id);
                    if (s != null) {
                        tasks += s.numTasks();
                        tasksDone += s.numCompletedTasks();
                    }
                }
                long done = counters.segmented().value() + counters.failed().value();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                out.printf(Locale.ROOT, "progress: %d of %d target(s) in finished partitions (%d failed), "
                                + "partitions %d/%d, %.0f s%n", done, targets, counters.failed().value(),
                        tasksDone, tasks, elapsed);
            }
        }, "proxyprompt-batch-progress");
        thread.setDaemon(true);
        if (seconds > 0) {
            thread.start();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
