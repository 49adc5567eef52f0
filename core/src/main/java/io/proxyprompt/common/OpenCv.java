package io.proxyprompt.common;

/** Loads OpenCV's native library once per process before any Mat is made (idempotent, thread-safe). */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    /** Ensures the bundled OpenCV natives are loaded; cheap after the first call. */
    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
