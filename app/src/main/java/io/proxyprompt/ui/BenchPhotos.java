package io.proxyprompt.ui;

import io.proxyprompt.common.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The photographs of the workstation bench: as many distinct files as asked for, made from the photographs of a
 * folder (beyond the folder's count, flipped and brightened copies, so that no two share an image embedding).
 */
final class BenchPhotos {

    private final List<Path> sources;
    private final Path dir;
    private int made;

    BenchPhotos(List<Path> sources, Path dir) throws IOException {
        if (sources.isEmpty()) {
            throw new IOException("no photograph to bench on; name a folder of photographs with --images DIR");
        }
        this.sources = sources;
        this.dir = Files.createDirectories(dir);
    }

    /** The next {@code n} distinct photographs. */
    List<Path> next(int n) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(make(made++));
        }
        return out;
    }

    private Path make(int index) throws IOException {
        Path source = sources.get(index % sources.size());
        int variant = index / sources.size();
        if (variant == 0) {
            return source.toAbsolutePath();
        }
        OpenCv.load();
        Mat m = Imgcodecs.imread(source.toString());
        try {
            if (m.empty()) {
                throw new IOException(source + ": not a photograph OpenCV can read; remove it from the folder");
            }
            Core.flip(m, m, variant % 3 - 1);
            m.convertTo(m, -1, 1.0, variant);
            Path out = dir.resolve(variant + "_" + source.getFileName().toString().replaceAll("\\.[^.]*$", "")
                    + ".jpg");
            Imgcodecs.imwrite(out.toString(), m, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 92));
            return out;
        } finally {
            m.release();
        }
    }
}
