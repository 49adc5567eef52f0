package io.proxyprompt.cli;

import io.proxyprompt.export.SegFrames;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.PhotoWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegSource;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.dicom.seg.SegmentCodes;
import io.proxyprompt.dicom.seg.SegmentInfo;
import io.proxyprompt.dicom.seg.SegmentMasks;
import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomCommandsTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        DicomParser parser = new DicomParser();
        PixelDecoder decoder = new PixelDecoder();
        Cli cli = new Cli(List.of(new InfoCommand(parser, decoder), new ConvertCommand(new SegReader(parser, decoder))));
        return cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void infoPrintsTheEssentials() {
        assertEquals(0, run("info", resource("pydicom_emri_small_RLE.dcm").toString(),
                resource("pydicom_SC_rgb_jpeg_dcmtk.dcm").toString()));
        String o = stdout();
        assertTrue(o.contains("1.2.840.10008.5.1.4.1.1.4.1 (Enhanced MR Image Storage)"), o);
        assertTrue(o.contains("1.2.840.10008.1.2.5 (RLE Lossless)"), o);
        assertTrue(o.contains("64 x 64"), o);
        assertTrue(o.contains("Frames:           10"), o);
        assertTrue(o.contains("JPEG Baseline"), o);
        assertTrue(o.contains("Series:"), o);
    }

    @Test
    void infoNamesUndecodableAndBrokenFilesAndExitsTwo() throws Exception {
        Path broken = tmp.resolve("broken.dcm");
        Files.write(broken, "not dicom at all, just some words in a file".getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, run("info", resource("pydicom_MR_small_jpeg_ls_lossless.dcm").toString(), broken.toString(),
                tmp.resolve("missing.dcm").toString()));
        assertTrue(stdout().contains("NOT decodable: unsupported transfer syntax 1.2.840.10008.1.2.4.80"), stdout());
        assertTrue(stderr().contains("broken.dcm") && stderr().contains("not a DICOM file"), stderr());
        assertTrue(stderr().contains("missing.dcm: no such file"), stderr());
        assertTrue(stderr().lines().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")), "no traces");
    }

    @Test
    void convertWritesOnePngPerSegmentPerFrame() throws Exception {
        int w = 30;
        int h = 20;
        DicomObject photo = new PhotoWriter(new DicomWriter()).write(tmp.resolve("p.dcm"), w, h,
                DicomTestSupport.fundusRgb(w, h), PhotoWriter.Subject.anonymous());
        Mask disc = new Mask(w, h);
        Mask cup = new Mask(w, h);
        for (int i = 0; i < 40; i++) {
            disc.data()[i * 7] = Mask.INSIDE;
            cup.data()[i * 3 + 1] = Mask.INSIDE;
        }
        Path seg = tmp.resolve("seg.dcm");
        var dc = SegmentCodes.forObject("disc");
        var cc = SegmentCodes.forObject("cup");
        new SegWriter(new DicomWriter()).write(seg, List.of(new SegSource(photo, 0)), List.of(
                new SegmentMasks(new SegmentInfo(1, "disc", null, dc.category(), dc.type(),
                        SegmentInfo.AlgorithmType.AUTOMATIC, "m 1", null), List.of(SegFrames.toFrame(disc))),
                new SegmentMasks(new SegmentInfo(2, "cup", null, cc.category(), cc.type(),
                        SegmentInfo.AlgorithmType.AUTOMATIC, "m 1", null), List.of(SegFrames.toFrame(cup)))),
                SegOptions.defaults("t"));
        Path dir = tmp.resolve("pngs");
        assertEquals(0, run("convert", "--in", seg.toString(), "--out", dir.toString()), stderr());
        String uid = photo.getString(Tag.SOPInstanceUID);
        for (var e : List.of(java.util.Map.entry("disc", disc), java.util.Map.entry("cup", cup))) {
            Path png = dir.resolve(e.getKey() + "_" + uid + "_f1.png");
            assertTrue(Files.exists(png), stdout());
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
            assertArrayEquals(e.getValue().data(), ((DataBufferByte) img.getRaster().getDataBuffer()).getData());
        }
    }

    @Test
    void convertNeedsBothArgumentsAndASeg() {
        assertEquals(2, run("convert", "--in", "x.dcm"));
        assertTrue(stderr().contains("--out"), stderr());
        err.reset();
        assertEquals(2, run("convert", "--in", resource("pydicom_CT_small.dcm").toString(), "--out",
                tmp.toString()));
        assertTrue(stderr().contains("not a DICOM Segmentation"), stderr());
    }

    private void assertNoStackTrace() {
        assertTrue((stdout() + stderr()).lines().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")
                || l.contains("Error:")), "no stack trace:\n" + stderr());
    }

    @Test
    void convertRefusesASegThatClaimsBillionsOfFramesWithExitTwo() {
        for (String frames : new String[] {"2147483647", "1000000000", "0", "-5"}) {
            err.reset();
            Path seg = io.proxyprompt.dicom.DicomMutants.segWithNumberOfFrames(tmp, frames);
            assertEquals(2, run("convert", "--in", seg.toString(), "--out", tmp.resolve("o" + frames).toString()));
            assertTrue(stderr().startsWith("proxyprompt convert: " + seg.getFileName() + ": Number of Frames " + frames),
                    stderr());
            assertNoStackTrace();
        }
    }

    @Test
    void infoSaysDecodableOnlyAfterDecodingTheFirstFrame() throws Exception {
        // The header is fine; the RLE frame inside is not: only a real decode finds out.
        byte[] bytes = Files.readAllBytes(resource("pydicom_MR_small_RLE.dcm"));
        for (int i = bytes.length - 400; i < bytes.length - 200; i++) {
            bytes[i] = (byte) 0x81; // replicate runs that overrun the frame
        }
        Path broken = Files.write(tmp.resolve("rle_broken.dcm"), bytes);
        assertEquals(2, run("info", broken.toString()));
        assertTrue(stdout().contains("Pixels:           NOT decodable: RLE segment"), stdout());
        assertTrue(stderr().contains("rle_broken.dcm: pixels do not decode"), stderr());
        out.reset();
        assertEquals(0, run("info", resource("pydicom_MR_small_RLE.dcm").toString()));
        assertTrue(stdout().contains("Pixels:           decodable (frame 1 decoded: 64 x 64, grey)"), stdout());
    }

    @Test
    void infoRefusesFrameCountsBelowOneAndBogusPhotometricInterpretations() {
        for (Path bad : List.of(io.proxyprompt.dicom.DicomMutants.imageWith(tmp, "pydicom_MR_small_implicit.dcm",
                        Tag.NumberOfFrames, "0"),
                io.proxyprompt.dicom.DicomMutants.imageWith(tmp, "pydicom_MR_small_implicit.dcm",
                        Tag.NumberOfFrames, "-5"),
                io.proxyprompt.dicom.DicomMutants.imageWith(tmp, "pydicom_MR_small_implicit.dcm",
                        Tag.PhotometricInterpretation, "BANANA"),
                io.proxyprompt.dicom.DicomMutants.imageWith(tmp, "pydicom_MR_small_implicit.dcm",
                        Tag.PhotometricInterpretation, "MONOCHROME3"))) {
            out.reset();
            err.reset();
            assertEquals(2, run("info", bad.toString()), bad.toString());
            assertTrue(stdout().contains("NOT decodable"), stdout());
            if (bad.toString().contains("280008")) {
                assertTrue(stdout().contains("Frames:           invalid: Number of Frames"), stdout());
            }
            assertNoStackTrace();
        }
    }

    @Test
    void infoOnAFolderDescribesTheDicomFilesInIt() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("study"));
        Files.copy(resource("pydicom_CT_small.dcm"), folder.resolve("ct.dcm"));
        Files.copy(resource("pydicom_MR_small_RLE.dcm"), folder.resolve("mr"));
        Files.writeString(folder.resolve("notes.txt"), "not DICOM");
        assertEquals(0, run("info", folder.toString()), stderr());
        assertTrue(stdout().contains("folder with 2 DICOM file(s)"), stdout());
        assertTrue(stdout().contains("CT Image Storage") && stdout().contains("MR Image Storage"), stdout());
        assertTrue(!stderr().contains("no such file"), stderr());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("a.txt"), "x");
        assertEquals(2, run("info", empty.toString()));
        assertTrue(stderr().contains("folder holds no DICOM files"), stderr());
    }

    @Test
    void convertShowsTheThresholdOfAFractionalSegAndTakesAnother() throws Exception {
        Path seg = resource("highdicom_seg_image_ct_true_fractional.dcm");
        assertEquals(0, run("convert", "--in", seg.toString(), "--out", tmp.resolve("half").toString()), stderr());
        assertTrue(stderr().contains("FRACTIONAL (PROBABILITY) SEG: a mask holds the pixels at or above 50 % (stored"
                + " value 128 or more of 255)"), stderr());
        long half = areaOfPngs(tmp.resolve("half"));
        err.reset();
        assertEquals(0, run("convert", "--in", seg.toString(), "--out", tmp.resolve("quarter").toString(),
                "--threshold", "0.25"), stderr());
        assertTrue(stderr().contains("at or above 25 %"), stderr());
        assertTrue(areaOfPngs(tmp.resolve("quarter")) > half, "a lower cut takes the 25 % pixels in");
        err.reset();
        assertEquals(2, run("convert", "--in", seg.toString(), "--out", tmp.toString(), "--threshold", "50"));
        assertTrue(stderr().contains("--threshold needs a fraction from 0 to 1"), stderr());
    }

    @Test
    void convertReadsLabelMapAndDeflatedFrameSegs() {
        assertEquals(0, run("convert", "--in", resource("highdicom_seg_image_sm_control_labelmap.dcm").toString(),
                "--out", tmp.resolve("labels").toString()), stderr());
        assertTrue(stderr().contains("LABELMAP SEG"), stderr());
        assertEquals(0, run("convert", "--in", resource("pydicom_liver_deflate.dcm").toString(),
                "--out", tmp.resolve("liver").toString()), stderr());
        assertTrue(stdout().contains("Liver_"), stdout());
    }

    private static long areaOfPngs(Path dir) throws Exception {
        long area = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                byte[] px = ((DataBufferByte) ImageIO.read(p.toFile()).getRaster().getDataBuffer()).getData();
                for (byte b : px) {
                    area += b != 0 ? 1 : 0;
                }
            }
        }
        return area;
    }
}
