package io.proxyprompt.mask;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.common.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes masks as single-channel 8-bit PNG files (0 outside, 255 inside): the one mask file format of the
 * workspace, the exports and the command line. Any non-zero pixel of a file read counts as inside.
 */
public final class MaskFiles {

    /** zlib level of written PNGs (masks are mostly runs of 0 and 255, so a low level is nearly as small). */
    public static final int PNG_COMPRESSION = 3;

    private MaskFiles() {
    }

    /** PNG bytes of the mask. */
    public static byte[] encodePng(Mask mask) {
        return encodePng(mask.width(), mask.height(), mask.data());
    }

    /** PNG bytes of a single-channel 8-bit image (a mask or a label map). */
    public static byte[] encodePng(int width, int height, byte[] grey) {
        OpenCv.load();
        Mat m = new Mat(height, width, CvType.CV_8UC1);
        MatOfByte buf = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION);
        try {
            m.put(0, 0, grey);
            if (!Imgcodecs.imencode(".png", m, buf, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height + " PNG");
            }
            return buf.toArray();
        } finally {
            m.release();
            buf.release();
            params.release();
        }
    }

    /** Writes the mask atomically, refusing or replacing an existing file as {@code existing} says. */
    public static void write(Path file, Mask mask, AtomicFiles.Existing existing) throws IOException {
        AtomicFiles.write(file, encodePng(mask), existing);
    }

    /**
     * Reads a mask image (colour images are converted to grey first, 16-bit ones reduced to 8 bits).
     *
     * @throws IOException with a message naming the file and what to do
     */
    public static Mask read(Path file) throws IOException {
        OpenCv.load();
        if (!Files.isRegularFile(file)) {
            throw new IOException(file.getFileName() + ": file not found; check the path or pick another mask");
        }
        MatOfByte in = new MatOfByte(Files.readAllBytes(file));
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
