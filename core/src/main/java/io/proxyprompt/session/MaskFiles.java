package io.proxyprompt.session;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes masks as single-channel 8-bit PNG files (0 outside, 255 inside), checking sizes on load. */
public final class MaskFiles {

    private MaskFiles() {
    }

    /** PNG bytes of the mask. */
    public static byte[] encodePng(Mask mask) {
        MaskTools.ensureOpenCv();
        Mat m = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        MatOfByte buf = new MatOfByte();
        try {
            m.put(0, 0, mask.data());
            if (!Imgcodecs.imencode(".png", m, buf)) {
                throw new IllegalStateException("OpenCV could not encode a PNG of " + mask);
            }
            return buf.toArray();
        } finally {
            m.release();
            buf.release();
        }
    }

    /** Writes the mask atomically. */
    public static void write(Path file, Mask mask) throws IOException {
        AtomicFiles.write(file, encodePng(mask));
    }

    /**
     * Reads a mask image (any non-zero pixel is inside; colour images are converted to grey first).
     *
     * @throws IOException with a message naming the file and what to do
     */
    public static Mask read(Path file) throws IOException {
        MaskTools.ensureOpenCv();
        if (!Files.isRegularFile(file)) {
            throw new IOException(file.getFileName() + ": file not found; check the path or pick another mask");
        }
        byte[] bytes = Files.readAllBytes(file);
        MatOfByte in = new MatOfByte(bytes);
        Mat m = Imgcodecs.imdecode(in, Imgcodecs.IMREAD_GRAYSCALE);
        try {
            if (m.empty()) {
                throw new IOException(file.getFileName() + ": not a readable image; a mask must be a PNG with "
                        + "0 outside and 255 inside");
            }
            if (m.depth() != CvType.CV_8U) {
                m.convertTo(m, CvType.CV_8U);
            }
            byte[] data = new byte[m.rows() * m.cols()];
            m.get(0, 0, data);
            return new Mask(m.cols(), m.rows(), data);
        } finally {
            in.release();
            m.release();
        }
    }

    /** Reads a mask that must be {@code width} x {@code height}; a different size is refused with a clear message. */
    public static Mask read(Path file, int width, int height) throws IOException {
        Mask mask = read(file);
        if (!mask.sameSize(width, height)) {
            throw new IOException(file.getFileName() + ": the mask is " + mask.width() + "x" + mask.height()
                    + " but the image is " + width + "x" + height
                    + "; load a mask made for this image or draw one");
        }
        return mask;
    }
}
