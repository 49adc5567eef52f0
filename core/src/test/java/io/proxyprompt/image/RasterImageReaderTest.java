package io.proxyprompt.image;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.common.PixelBuffer;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RasterImageReaderTest {

    @TempDir
    Path tmp;

    private final RasterImageReader reader = new RasterImageReader();
    private final Images images = new Images(List.of(reader));

    private Path write(String name, int type, Scalar value) {
        OpenCv.load();
        Mat m = new Mat(6, 8, type, value);
        try {
            Path p = tmp.resolve(name);
            assertTrue(Imgcodecs.imwrite(p.toString(), m));
            return p;
        } finally {
            m.release();
        }
    }

    private Frame read(Path p) throws ImageLoadException {
        return images.openFrame(p);
    }

    @Test
    void colourPngIsReadInRgbOrder() throws Exception {
        // OpenCV stores B,G,R: (10, 20, 200) is a red pixel
        Frame f = read(write("red.png", CvType.CV_8UC3, new Scalar(10, 20, 200)));
        assertEquals(3, f.channels());
        assertEquals(8, f.width());
        assertEquals(6, f.height());
        assertEquals(200, f.pixels().sample(0));
        assertEquals(20, f.pixels().sample(1));
        assertEquals(10, f.pixels().sample(2));
        assertEquals("red", images.open(tmp.resolve("red.png"), ProgressListener.NONE, CancellationToken.never())
                .get(0).name());
    }

    @Test
    void eachFrameCarriesTheDigestOfTheBytesItWasDecodedFrom() throws Exception {
        Path a = write("a.png", CvType.CV_8UC3, new Scalar(10, 20, 200));
        Path copy = java.nio.file.Files.copy(a, tmp.resolve("copy.png"));
        Path b = write("b.png", CvType.CV_8UC3, new Scalar(10, 20, 201));
        String digest = read(a).origin().encodedDigest();
        assertEquals(64, digest.length());
        assertEquals(digest, read(copy).origin().encodedDigest(), "the same bytes decode to the same pixels");
        assertTrue(!digest.equals(read(b).origin().encodedDigest()));
    }

    @Test
    void rgbaDropsAlphaAndKeepsColour() throws Exception {
        Frame f = read(write("rgba.png", CvType.CV_8UC4, new Scalar(10, 20, 200, 128)));
        assertEquals(3, f.channels());
        assertEquals(200, f.pixels().sample(0));
    }

    @Test
    void greyStaysOneChannel() throws Exception {
        Frame f = read(write("grey.png", CvType.CV_8UC1, new Scalar(77)));
        assertEquals(1, f.channels());
        assertEquals(77, f.pixels().sample(5));
    }

    @Test
    void sixteenBitKeepsItsDepth() throws Exception {
        Frame f = read(write("deep.png", CvType.CV_16UC1, new Scalar(40000)));
        PixelBuffer.Shorts s = assertInstanceOf(PixelBuffer.Shorts.class, f.pixels());
        assertEquals(40000, s.sample(0));
        byte[] rgb = FrameRenderer.toRgb8(f);
        assertEquals(rgb.length, 8 * 6 * 3);
    }

    @Test
    void jpegAndTiffAreRead() throws Exception {
        assertEquals(3, read(write("a.jpg", CvType.CV_8UC3, new Scalar(50, 60, 70))).channels());
        assertEquals(3, read(write("a.tif", CvType.CV_16UC3, new Scalar(500, 600, 700))).channels());
    }

    @Test
    void aTextFileNamedPngIsRejectedNamingTheFile() throws Exception {
        Path p = Files.writeString(tmp.resolve("report.png"), "not pixels");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(p));
        assertTrue(e.getMessage().startsWith("report.png: ") && e.getMessage().contains("not a PNG, JPEG"),
                e.getMessage());
    }

    @Test
    void anUnknownFileIsNotClaimed() throws Exception {
        Path p = Files.writeString(tmp.resolve("notes.txt"), "hello");
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(p));
        assertTrue(e.getMessage().startsWith("notes.txt: ") && e.getMessage().contains("not an image"),
                e.getMessage());
    }

    @Test
    void aTruncatedImageSaysItIsCorrupt() throws Exception {
        Path good = write("whole.png", CvType.CV_8UC3, new Scalar(1, 2, 3));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(bytes, 40));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(cut));
        assertTrue(e.getMessage().startsWith("cut.png: ") && e.getMessage().contains("is incomplete"),
                e.getMessage());
    }

    /** A photograph cut off at 60 kB decodes to streaks below the cut; it must be refused, naming what to do. */
    @Test
    void aJpegCutShortIsRefusedNamingTheFileAndWhatToDo() throws Exception {
        Path whole = Path.of("samples", "fundus", "fundus_3.jpg");
        byte[] bytes = Files.readAllBytes(whole);
        assertTrue(bytes.length > 61_440, "the photograph is longer than the cut");
        Path cut = Files.write(tmp.resolve("fundus_3_cut.jpg"), Arrays.copyOf(bytes, 60 * 1024));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(cut));
        assertTrue(e.getMessage().startsWith("fundus_3_cut.jpg: is incomplete: the JPEG data ends early"),
                e.getMessage());
        assertTrue(e.getMessage().contains("copy the file again from its source"), e.getMessage());
        assertEquals(3, read(whole).channels(), "the whole photograph still opens");
    }

    @Test
    void aPngCutInsideItsImageDataIsRefused() throws Exception {
        Path whole = tmp.resolve("noise.png");
        OpenCv.load();
        Mat m = new Mat(200, 300, CvType.CV_8UC3);
        org.opencv.core.Core.randu(m, 0, 255);
        assertTrue(Imgcodecs.imwrite(whole.toString(), m));
        m.release();
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(tmp.resolve("noise_cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(cut));
        assertTrue(e.getMessage().startsWith("noise_cut.png: is incomplete: the PNG data ends early (the IDAT chunk "
                + "is cut off)"), e.getMessage());
    }

    @Test
    void aPngWithADamagedByteFailsItsChecksum() throws Exception {
        byte[] bytes = Files.readAllBytes(write("whole.png", CvType.CV_8UC3, new Scalar(1, 2, 3)));
        bytes[bytes.length - 20] ^= 0x55; // inside the image data
        Path damaged = Files.write(tmp.resolve("damaged.png"), bytes);
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(damaged));
        assertTrue(e.getMessage().startsWith("damaged.png: is damaged: its IDAT chunk fails its checksum"),
                e.getMessage());
    }

    @Test
    void aJpegWithBytesAfterItsEndMarkerAndAProgressiveJpegStillOpen() throws Exception {
        Path jpg = write("tail.jpg", CvType.CV_8UC3, new Scalar(50, 60, 70));
        Files.write(jpg, new byte[] {0, 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(3, read(jpg).channels());
        OpenCv.load();
        Mat m = new Mat(64, 64, CvType.CV_8UC3);
        org.opencv.core.Core.randu(m, 0, 255);
        Path progressive = tmp.resolve("progressive.jpg");
        assertTrue(Imgcodecs.imwrite(progressive.toString(), m,
                new org.opencv.core.MatOfInt(Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1)));
        m.release();
        assertEquals(64, read(progressive).width());
    }

    @Test
    void everyBundledAndHeldOutPhotographPassesTheCheck() throws Exception {
        List<Path> photos = new java.util.ArrayList<>();
        for (Path dir : List.of(Path.of("samples", "fundus"), Path.of("core", "src", "test", "resources",
                "fundus-heldout"))) {
            try (var files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".jpg") || f.toString().endsWith(".png")).forEach(photos::add);
            }
        }
        assertTrue(photos.size() > 10, photos.toString());
        for (Path p : photos) {
            assertTrue(read(p).width() > 0, p.toString());
        }
    }

    @Test
    void anImageClaimingToBeHugeIsRefusedBeforeDecoding() throws Exception {
        // a PNG signature and an IHDR that says 100000 x 100000
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        b.putInt(100_000).putInt(100_000).put(new byte[] {8, 2, 0, 0, 0});
        Path p = Files.write(tmp.resolve("huge.png"), b.array());
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(p));
        assertTrue(e.getMessage().contains("huge.png") && e.getMessage().contains("100000x100000")
                && e.getMessage().contains("megapixel limit"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(tmp.resolve("gone.jpg")));
        assertTrue(e.getMessage().startsWith("gone.jpg: file not found"), e.getMessage());
    }

    @Test
    void aFolderExpandsToItsVisibleFilesSorted() throws Exception {
        write("b.png", CvType.CV_8UC1, new Scalar(1));
        write("a.png", CvType.CV_8UC1, new Scalar(1));
        Files.writeString(tmp.resolve(".hidden"), "x");
        List<Path> files = images.expand(tmp);
        assertEquals(List.of("a.png", "b.png"), files.stream().map(p -> p.getFileName().toString()).toList());
    }
}
