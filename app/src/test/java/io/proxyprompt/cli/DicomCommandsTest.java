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
}
