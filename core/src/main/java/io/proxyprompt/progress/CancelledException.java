package io.proxyprompt.progress;

/** Thrown by work that stopped because its {@link CancellationToken} was cancelled. */
public final class CancelledException extends RuntimeException {

    public CancelledException() {
        super("Cancelled by the user");
    }
}
