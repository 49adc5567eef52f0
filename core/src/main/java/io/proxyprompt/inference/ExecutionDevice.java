package io.proxyprompt.inference;

import java.util.Locale;

/** Where inference runs: AUTO picks CUDA when an NVIDIA GPU works, else CPU; CPU and CUDA force it. */
public enum ExecutionDevice {
    AUTO, CPU, CUDA;

    /** Parses {@code auto|cpu|cuda} (any case); {@link IllegalArgumentException} names the accepted words. */
    public static ExecutionDevice parse(String word) {
        try {
            return valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device '" + word + "'; use auto, cpu or cuda");
        }
    }
}
