package io.proxyprompt.image;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The system's TurboJPEG decodes every photograph to exactly the pixels OpenCV decodes, only faster. */
class TurboJpegTest {

    private final RasterImageReader turbo = new RasterImageReader(RasterImageReader.DEFAULT_MAX_PIXELS,
            TurboJpeg.installed());
    private final RasterImageReader openCv = new RasterImageReader(RasterImageReader.DEFAULT_MAX_PIXELS,
            Optional.empty());

    @BeforeEach
    void needsTurboJpeg() {
        ExternalTools.assumeAvailable(TurboJpeg.installed().isPresent(), "TurboJPEG is not installed (apt-get"
                + " install libturbojpeg-java libturbojpeg0-dev, or run .ci/run); JPEGs are decoded by OpenCV");
    }

    private Frame read(RasterImageReader reader, Path file) throws ImageLoadException {
        return reader.read(file, ProgressListener.NONE, CancellationToken.never()).get(0).frames().get(0);
    }

    private void assertSamePixels(Path file) throws ImageLoadException {
        Frame a = read(turbo, file);
        Frame b = read(openCv, file);
        assertEquals(b.width(), a.width(), file + " width");
        assertEquals(b.height(), a.height(), file + " height");
        assertEquals(b.channels(), a.channels(), file + " channels");
        assertArrayEquals(FrameRenderer.rgb8View(b), FrameRenderer.rgb8View(a), file + " pixels");
    }

    @Test
    void photographsDecodeToTheSamePixelsAsWithOpenCv() throws IOException, ImageLoadException {
        List<Path> files = new ArrayList<>();
        for (String dir : new String[] {"samples/fundus", "samples/real", "../shared/fundus-open/HRF/images",
                "../shared/fundus-open/IDRiD/images", "../shared/fundus-open/CHASE_DB1/images"}) {
            Path d = Path.of(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.toString().toLowerCase().matches(".*\\.jpe?g")).sorted().limit(8)
                            .forEach(files::add);
                }
            }
        }
        assertTrue(files.size() >= 5, "photographs found: " + files);
        for (Path f : files) {
            assertSamePixels(f);
        }
    }

    @Test
    void greyProgressiveAndSubsampledJpegsDecodeToTheSamePixels(@TempDir Path dir)
            throws IOException, ImageLoadException {
        OpenCv.load();
        Random r = new Random(3);
        Mat colour = new Mat(123, 217, CvType.CV_8UC3);
        Mat grey = new Mat(97, 64, CvType.CV_8UC1);
        byte[] c = new byte[123 * 217 * 3];
        byte[] g = new byte[97 * 64];
        for (int i = 0; i < c.length; i++) {
            c[i] = (byte) ((i / 3 % 217) + r.nextInt(40));
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) (i % 64 * 3 + r.nextInt(20));
        }
        colour.put(0, 0, c);
        grey.put(0, 0, g);
        write(dir.resolve("grey.jpg"), grey, Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
        write(dir.resolve("progressive.jpg"), colour, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
        write(dir.resolve("444.jpg"), colour, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR,
                Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444);
        write(dir.resolve("420.jpg"), colour, Imgcodecs.IMWRITE_JPEG_QUALITY, 70);
        colour.release();
        grey.release();
        assertEquals(1, read(turbo, dir.resolve("grey.jpg")).channels());
        for (String name : new String[] {"grey.jpg", "progressive.jpg", "444.jpg", "420.jpg"}) {
            assertSamePixels(dir.resolve(name));
        }
    }

    private static void write(Path file, Mat m, int flag, int value) throws IOException {
        MatOfByte out = new MatOfByte();
        assertTrue(Imgcodecs.imencode(".jpg", m, out, new MatOfInt(flag, value)));
        Files.write(file, out.toArray());
        out.release();
    }
}
