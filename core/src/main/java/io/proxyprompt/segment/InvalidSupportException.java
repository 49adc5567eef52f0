package io.proxyprompt.segment;

/** A support pair or set is unusable (mask size differs from its image, empty mask, objects differ between pairs). */
public class InvalidSupportException extends IllegalArgumentException {

    public InvalidSupportException(String message) {
        super(message);
    }
}
