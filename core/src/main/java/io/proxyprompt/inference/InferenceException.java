package io.proxyprompt.inference;

/** A graph failed while running or returned something the contract does not allow (the message names the graph). */
public class InferenceException extends Exception {

    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
