package io.proxyprompt.dicom.pixel;

/** Loads OpenCV's native library once, on first use by a decoder. */
final class OpenCvLoader {

    private static volatile boolean loaded;

    private OpenCvLoader() {
    }

    static synchronized void ensureLoaded() throws PixelException {
        if (!loaded) {
            try {
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            } catch (Throwable t) {
                throw new PixelException("OpenCV native library could not be loaded (" + t.getMessage() + ")");
            }
        }
    }
}
