package io.proxyprompt.mask;

import io.proxyprompt.image.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads mask images from disk (the writers live in the export package). */
public final class MaskFiles {

    private MaskFiles() {
    }

    /**
     * Reads a mask PNG (any non-zero pixel is inside; colour masks are reduced to grey first).
     *
     * @throws IOException naming the file when it is missing or not a decodable image
     */
    public static Mask read(Path file) throws IOException {
        OpenCv.load();
        if (!Files.isRegularFile(file)) {
            throw new IOException(file.getFileName() + ": mask file not found");
        }
        MatOfByte buf = new MatOfByte(Files.readAllBytes(file));
        Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_GRAYSCALE);
        try {
            if (m.empty()) {
                throw new IOException(file.getFileName() + ": not a readable mask image (expected an 8-bit PNG,"
                        + " 0 outside and 255 inside)");
            }
            Mat bin = new Mat();
            try {
                Imgproc.threshold(m, bin, 0, 255, Imgproc.THRESH_BINARY);
                return MaskOps.fromMat(bin);
            } finally {
                bin.release();
            }
        } finally {
            m.release();
            buf.release();
        }
    }
}
