package io.proxyprompt.dicom.pixel;

import org.opencv.core.Mat;

import java.util.ArrayList;
import java.util.List;

/** Releases OpenCV matrices deterministically at the end of a try-with-resources block. */
final class MatCloser implements AutoCloseable {

    private final List<Mat> mats = new ArrayList<>();

    <T extends Mat> T add(T m) {
        mats.add(m);
        return m;
    }

    @Override
    public void close() {
        for (Mat m : mats) {
            m.release();
        }
    }
}
