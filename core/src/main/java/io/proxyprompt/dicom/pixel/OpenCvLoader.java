package io.proxyprompt.dicom.pixel;

import io.proxyprompt.common.OpenCv;

/** Loads OpenCV's native library (once, through {@link OpenCv}) and reports a failure as a decoding problem. */
final class OpenCvLoader {

    private OpenCvLoader() {
    }

    static void ensureLoaded() throws PixelException {
        try {
            OpenCv.load();
        } catch (Throwable t) { // UnsatisfiedLinkError and friends: the file is fine, the platform is not
            throw new PixelException("OpenCV native library could not be loaded (" + t + "); this image needs it");
        }
    }
}
