package io.proxyprompt.mask;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.common.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes masks as single-channel 8-bit PNG files (0 outside, 255 inside): the one mask file format of the
 * workspace, the exports and the command line. Any non-zero pixel of a file read counts as inside.
 */
public final class MaskFiles {

    private MaskFiles() {
    }

    /** PNG bytes of the mask. */
    public static byte[] encodePng(Mask mask) {
        return encodePng(mask.width(), mask.height(), mask.data());
    }

    /**
     * PNG bytes of a single-channel 8-bit image (a mask or a label map), its runs coded as runs: chosen by measurement
     * against zlib's levels on 4-megapixel disc, cup and vessel masks ({@code bench --images} prints size and time of
     * each; docs/engine.md).
     */
    public static byte[] encodePng(int width, int height, byte[] grey) {
        return GreyPng.encodeRuns(width, height, grey);
    }

    /** PNG bytes of a single-channel 8-bit image at zlib level 0-9 (for comparing with the levels). */
    public static byte[] encodePng(int width, int height, byte[] grey, int level) {
        return GreyPng.encode(width, height, grey, level);
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
