package io.proxyprompt.session;

import java.util.Objects;

/**
 * One object's mask on one frame of a target: the key of a target's masks, written {@code disc@0} in the workspace.
 *
 * @param frame 0-based frame index
 */
public record Layer(String object, int frame) implements Comparable<Layer> {

    public Layer {
        Objects.requireNonNull(object);
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, not " + frame);
        }
    }

    /** The workspace form, e.g. {@code disc@0}. */
    public String key() {
        return object + "@" + frame;
    }

    /**
     * Reads the workspace form.
     *
     * @throws IllegalArgumentException when {@code key} is not {@code object@frame}
     */
    public static Layer parse(String key) {
        int at = key.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not a layer: " + key);
        }
        try {
            return new Layer(key.substring(0, at), Integer.parseInt(key.substring(at + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a layer: " + key, e);
        }
    }

    @Override
    public int compareTo(Layer o) {
        int c = Integer.compare(frame, o.frame);
        return c != 0 ? c : object.compareTo(o.object);
    }

    @Override
    public String toString() {
        return key();
    }
}
