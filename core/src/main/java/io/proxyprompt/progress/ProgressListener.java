package io.proxyprompt.progress;

/** Receives progress of long work (loading, encoding, batch segmentation) on the worker's thread. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (done, total, message) -> { };

    /**
     * Reports that {@code done} of {@code total} units are finished.
     *
     * @param message what is being worked on now, for a status line
     */
    void progress(long done, long total, String message);
}
