package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrapCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int wrap(String... args) {
        out.reset();
        err.reset();
        return new WrapCommand(new RasterImageReader(), new DicomWriter()).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A PNG with a distinct value in every channel of every pixel, so any channel or row mix-up shows. */
    private Path colourPng(String name, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((x * 7 + y) & 0xFF) << 16 | ((y * 5) & 0xFF) << 8 | ((x + y * 3) & 0xFF));
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static byte[] expectedRgb(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 7 + y);
                rgb[i + 1] = (byte) (y * 5);
                rgb[i + 2] = (byte) (x + y * 3);
            }
        }
        return rgb;
    }

    private static Frame readDicomFrame(Path file) throws Exception {
        Images images = new Images(List.of(new DicomImageReader(new DicomParser(), new PixelDecoder())));
        return images.openFrame(file);
    }

    private static DicomObject dataset(Path file) throws Exception {
        return new DicomParser().read(file, false).dataset();
    }

    @Test
    void storesTheExactPixelsAsVlPhotographicImageWithPatientAndLaterality() throws Exception {
        Path png = colourPng("eye.png", 37, 23);
        Path dcm = dir.resolve("eye.dcm");
        assertEquals(0, wrap("--in", png.toString(), "--out", dcm.toString(), "--patient-name", "Doe^Jane",
                "--patient-id", "0042", "--laterality", "r"), errText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("eye.dcm"));

        DicomObject ds = dataset(dcm);
        assertEquals(Uids.VL_PHOTOGRAPHIC_IMAGE_STORAGE, ds.getString(Tag.SOPClassUID));
        assertEquals("Doe^Jane", ds.getString(Tag.PatientName));
        assertEquals("0042", ds.getString(Tag.PatientID));
        assertEquals("R", ds.getString(Tag.ImageLaterality));
        assertFalse(ds.contains(Tag.Laterality), "series Laterality must be absent when Image Laterality is sent");
        assertEquals("RGB", ds.getString(Tag.PhotometricInterpretation));

        Frame f = readDicomFrame(dcm);
        assertEquals(37, f.width());
        assertEquals(23, f.height());
        assertEquals(3, f.channels());
        byte[] actual = new byte[f.pixels().length()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = (byte) f.pixels().sample(i);
        }
        assertArrayEquals(expectedRgb(37, 23), actual);
    }

    @Test
    void greyImageIsStoredAsRgbWithEqualChannels() throws Exception {
        BufferedImage grey = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 2, 0, 200);
        Path png = dir.resolve("grey.png");
        ImageIO.write(grey, "png", png.toFile());
        Path dcm = dir.resolve("grey.dcm");
        assertEquals(0, wrap("--in", png.toString(), "--out", dcm.toString()), errText());
        Frame f = readDicomFrame(dcm);
        assertEquals(3, f.channels());
        int i = (2 * 8 + 3) * 3;
        assertEquals(200, f.pixels().sample(i));
        assertEquals(200, f.pixels().sample(i + 1));
        assertEquals(200, f.pixels().sample(i + 2));
        assertEquals(0, f.pixels().sample(0));
    }

    @Test
    void neverOverwritesWithoutTheOption() throws Exception {
        Path png = colourPng("a.png", 10, 10);
        Path dcm = dir.resolve("a.dcm");
        Files.writeString(dcm, "precious");
        assertEquals(2, wrap("--in", png.toString(), "--out", dcm.toString()));
        assertTrue(errText().contains(dcm.toString()) && errText().contains("--overwrite"), errText());
        assertEquals("precious", Files.readString(dcm));

        assertEquals(0, wrap("--in", png.toString(), "--out", dcm.toString(), "--overwrite"), errText());
        assertEquals(10, readDicomFrame(dcm).width());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a.dcm", "a.png"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left behind");
        }
    }

    @Test
    void badInputExitsTwoWithAMessageNamingTheFile() throws Exception {
        Path corrupt = dir.resolve("corrupt.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        assertEquals(2, wrap("--in", corrupt.toString(), "--out", dir.resolve("x.dcm").toString()));
        assertTrue(errText().contains("corrupt.jpg"), errText());

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image at all");
        assertEquals(2, wrap("--in", text.toString(), "--out", dir.resolve("x.dcm").toString()));
        assertTrue(errText().contains("notes.png"), errText());

        assertEquals(2, wrap("--in", dir.resolve("missing.png").toString(), "--out", dir.resolve("x.dcm").toString()));
        assertTrue(errText().contains("missing.png") && errText().contains("no such file"), errText());

        Path dcm = dir.resolve("ok.dcm");
        assertEquals(0, wrap("--in", colourPng("ok.png", 4, 4).toString(), "--out", dcm.toString()));
        assertEquals(2, wrap("--in", dcm.toString(), "--out", dir.resolve("x.dcm").toString()));
        assertTrue(errText().contains("ok.dcm") && errText().contains("already a DICOM"), errText());

        assertFalse(Files.exists(dir.resolve("x.dcm")));
    }

    @Test
    void aFolderAsOutputGetsTheImageStemAndStillNeverOverwrites() throws Exception {
        Path png = colourPng("b.png", 4, 4);
        assertEquals(0, wrap("--in", png.toString(), "--out", dir.toString()), errText());
        assertEquals(4, readDicomFrame(dir.resolve("b.dcm")).width());
        assertEquals(0, wrap("--in", png.toString(), "--out", dir.resolve("new") + "/"), errText());
        assertTrue(Files.isRegularFile(dir.resolve("new/b.dcm")));
        assertEquals(2, wrap("--in", png.toString(), "--out", dir.toString()));
        assertTrue(errText().contains("b.dcm") && errText().contains("already exists"), errText());
    }

    @Test
    void badArgumentsExitTwoWithOneLine() throws Exception {
        String png = colourPng("c.png", 4, 4).toString();
        String dcm = dir.resolve("c.dcm").toString();
        assertEquals(2, wrap("--in", png));
        assertTrue(errText().contains("--out"), errText());
        assertEquals(2, wrap("--in", png, "--out", dcm, "--laterality", "both"));
        assertTrue(errText().contains("--laterality"), errText());
        assertEquals(2, wrap("--in", png, "--out", dcm, "--patient-id", "x".repeat(65)));
        assertEquals(2, wrap("--in", png, "--out", dcm, "--frobnicate"));
        assertEquals(1, errText().lines().count());
        assertFalse(Files.exists(Path.of(dcm)));
    }

    @Test
    void reproducibleKeyGivesIdenticalBytesAndOrdinaryRunsGiveNewUids() throws Exception {
        Path png = colourPng("r.png", 16, 9);
        Path a = dir.resolve("a.dcm");
        Path b = dir.resolve("b.dcm");
        assertEquals(0, wrap("--in", png.toString(), "--out", a.toString(), "--reproducible", "sample-1"));
        assertEquals(0, wrap("--in", png.toString(), "--out", b.toString(), "--reproducible", "sample-1"));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        DicomObject ds = dataset(a);
        assertEquals(WrapCommand.uidFor("sample-1/instance"), ds.getString(Tag.SOPInstanceUID));
        assertTrue(Uids.isValid(ds.getString(Tag.SOPInstanceUID)));
        assertEquals("20260101", ds.getString(Tag.StudyDate));

        Path c = dir.resolve("c.dcm");
        Path d = dir.resolve("d.dcm");
        assertEquals(0, wrap("--in", png.toString(), "--out", c.toString()));
        assertEquals(0, wrap("--in", png.toString(), "--out", d.toString()));
        assertNotEquals(dataset(c).getString(Tag.SOPInstanceUID), dataset(d).getString(Tag.SOPInstanceUID));
        assertNotEquals(dataset(c).getString(Tag.StudyInstanceUID), dataset(d).getString(Tag.StudyInstanceUID));
        assertNull(dataset(c).getString(Tag.ImageLaterality));
    }

    @Test
    void dciodvfyFindsNoErrorsWithOrWithoutLaterality() throws Exception {
        ExternalTools.assumeOnPath("dciodvfy");
        Path png = colourPng("v.png", 64, 48);
        Path plain = dir.resolve("plain.dcm");
        Path eye = dir.resolve("eye.dcm");
        assertEquals(0, wrap("--in", png.toString(), "--out", plain.toString()), errText());
        assertEquals(0, wrap("--in", png.toString(), "--out", eye.toString(), "--laterality", "L",
                "--reproducible", "k"), errText());
        for (Path p : List.of(plain, eye)) {
            List<String> errors = dciodvfyErrors(p);
            assertTrue(errors.isEmpty(), p.getFileName() + ": " + errors);
        }
    }

    /** The "Error" lines dciodvfy prints for {@code file} (warnings are allowed). */
    static List<String> dciodvfyErrors(Path file) throws Exception {
        Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dciodvfy timed out on " + file);
        List<String> errors = new ArrayList<>();
        Arrays.stream(text.split("\n")).filter(l -> l.startsWith("Error")).forEach(errors::add);
        return errors;
    }
}
