package io.proxyprompt.batch;

/** The job's input cannot be used (a manifest without a path column, a glob matching nothing); says what to do. */
public final class BatchInputException extends Exception {

    public BatchInputException(String message) {
        super(message);
    }

    public BatchInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
