package io.proxyprompt.batch.bench;

import io.proxyprompt.common.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated photographs for tests and the bench: seeded variants of given fundus photographs (mirrored like the
 * other eye, turned a few degrees, rescaled, with another exposure), written as JPEG and PNG in turn, so that every
 * file is a distinct, realistic target.
 */
public final class PhotoVariants {

    private PhotoVariants() {
    }

    /**
     * Writes {@code count} variants of the {@code sources} (taken in turn) into {@code dir} as
     * {@code photo_0001.jpg}, {@code photo_0002.png}, ...
     *
     * @return the files written, in order
     * @throws IOException a source cannot be read or a file cannot be written (the message names it)
     */
    public static List<Path> write(List<Path> sources, int count, long seed, Path dir) throws IOException {
        OpenCv.load();
        Files.createDirectories(dir);
        List<Mat> images = new ArrayList<>();
        try {
            for (Path s : sources) {
                Mat m = Imgcodecs.imread(s.toString(), Imgcodecs.IMREAD_COLOR);
                if (m.empty()) {
                    throw new IOException(s + ": cannot be read as a photograph");
                }
                images.add(m);
            }
            Random r = new Random(seed);
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path file = dir.resolve(String.format(Locale.ROOT, "photo_%04d.%s", i + 1, i % 2 == 0 ? "jpg" : "png"));
                Mat v = variant(images.get(i % images.size()), r);
                try {
                    MatOfInt params = i % 2 == 0 ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92)
                            : new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
                    if (!Imgcodecs.imwrite(file.toString(), v, params)) {
                        throw new IOException(file + ": cannot be written");
                    }
                    params.release();
                } finally {
                    v.release();
                }
                out.add(file);
            }
            return out;
        } finally {
            images.forEach(Mat::release);
        }
    }

    private static Mat variant(Mat source, Random r) {
        Mat flipped = new Mat();
        Mat turned = new Mat();
        Mat scaled = new Mat();
        Mat rotation = null;
        try {
            if (r.nextBoolean()) {
                Core.flip(source, flipped, 1);
            } else {
                source.copyTo(flipped);
            }
            rotation = Imgproc.getRotationMatrix2D(new Point(flipped.cols() / 2.0, flipped.rows() / 2.0),
                    r.nextDouble() * 16 - 8, 1.0);
            Imgproc.warpAffine(flipped, turned, rotation, flipped.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT);
            double scale = 0.85 + r.nextDouble() * 0.3;
            Size size = new Size(Math.round(turned.cols() * scale), Math.round(turned.rows() * scale));
            Imgproc.resize(turned, scaled, size, 0, 0, Imgproc.INTER_AREA);
            Mat exposed = new Mat();
            scaled.convertTo(exposed, -1, 0.85 + r.nextDouble() * 0.3, r.nextDouble() * 30 - 15);
            return exposed;
        } finally {
            flipped.release();
            turned.release();
            scaled.release();
            if (rotation != null) {
                rotation.release();
            }
        }
    }
}
