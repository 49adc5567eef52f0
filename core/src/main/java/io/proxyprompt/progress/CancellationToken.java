package io.proxyprompt.progress;

/** Lets the caller of long work ask it to stop; the work checks it between units. */
public final class CancellationToken {

    private volatile boolean cancelled;

    /** Returns a token nobody can cancel, for callers that never stop work early. */
    public static CancellationToken never() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} if {@link #cancel()} was called. */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }
}
