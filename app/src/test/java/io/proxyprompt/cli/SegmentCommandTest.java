package io.proxyprompt.cli;

import io.proxyprompt.Main;
import io.proxyprompt.application.MeasurementsCsv;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.NvidiaProbe;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code segment} command end to end on synthetic images with the contract-shaped tiny model. */
class SegmentCommandTest {

    @TempDir
    Path tmp;

    private final CliFixtures io = new CliFixtures();
    private SegmentCommand segment;
    private Path model;
    private Path support;
    private Path supportMask;
    private Path targets;

    @BeforeEach
    void setUp() throws Exception {
        model = TinyModel.copyTo(tmp);
        segment = new SegmentCommand(new Images(List.of(new RasterImageReader())), new ModelLocator(tmp, null),
                Main.exportService(new DicomParser()));
        support = CliFixtures.image(tmp.resolve("support.png"), 80, 80, 1);
        supportMask = CliFixtures.mask(tmp.resolve("support_disc.png"), CliFixtures.topLeft(80, 80));
        targets = Files.createDirectories(tmp.resolve("targets"));
        CliFixtures.image(targets.resolve("eye1.png"), 120, 120, 2);
        CliFixtures.image(targets.resolve("eye2.jpg"), 64, 64, 3);
    }

    @Test
    void writesOneMaskPerObjectAtTheTargetSizeAndTheMeasurements() throws Exception {
        Path out = tmp.resolve("out");
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), "--device", "cpu", targets.toString());
        assertEquals(0, rc, io.err());
        Mask eye1 = MaskFiles.read(out.resolve("eye1/disc.png"));
        assertEquals(120, eye1.width());
        assertTrue(MaskMetrics.dice(eye1, CliFixtures.topLeft(120, 120)) > 0.98, "Dice vs the known answer");
        Mask eye2 = MaskFiles.read(out.resolve("eye2/disc.png"));
        assertEquals(64, eye2.height());
        List<String> csv = Files.readAllLines(out.resolve("measurements.csv"));
        assertEquals(MeasurementsCsv.HEADER, csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("eye1,1,disc," + eye1.area() + ","), csv.get(1));
        assertTrue(io.out().contains("device: CPU"), io.out());
    }

    @Test
    void aBadTargetExitsTwoNamingItAndTheGoodTargetsAreStillWritten() throws Exception {
        Files.writeString(targets.resolve("scan.tif"), "plain text, not a TIFF");
        Path out = tmp.resolve("out");
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), targets.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("scan.tif: is not a PNG, JPEG, TIFF or BMP image"), io.err());
        assertTrue(Files.exists(out.resolve("eye1/disc.png")));
        assertTrue(Files.exists(out.resolve("eye2/disc.png")));
        assertFalse(Files.exists(out.resolve("scan")));
    }

    /** Issue 16, finding 3: a JPEG cut at 60 kB was segmented as streaks into empty masks; now it is refused. */
    @Test
    void aPhotographCutShortIsRefusedNamingItAndWhatToDoAndNothingIsWrittenForIt() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of("samples", "fundus", "fundus_3.jpg"));
        Files.write(targets.resolve("fundus_3.jpg"), java.util.Arrays.copyOf(whole, 60 * 1024));
        Path out = tmp.resolve("out");
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), targets.toString());
        assertEquals(2, rc, io.err());
        assertTrue(io.err().contains("fundus_3.jpg: is incomplete: the JPEG data ends early"), io.err());
        assertTrue(io.err().contains("copy the file again from its source"), io.err());
        assertFalse(Files.exists(out.resolve("fundus_3")), "no masks for the broken photograph");
        assertFalse(Files.readString(out.resolve("measurements.csv")).contains("fundus_3"));
        assertTrue(Files.exists(out.resolve("eye1/disc.png")), "the good targets are still segmented");
    }

    @Test
    void aMaskOfTheWrongSizeExitsTwoNamingTheMask() throws Exception {
        Path small = CliFixtures.mask(tmp.resolve("small_disc.png"), CliFixtures.topLeft(40, 40));
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + small, "--out",
                tmp.resolve("out").toString(), "--model", model.toString(), targets.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("small_disc.png") && io.err().contains("40x40")
                && io.err().contains("80x80"), io.err());
    }

    @Test
    void anEmptyMaskExitsTwo() throws Exception {
        Path empty = CliFixtures.mask(tmp.resolve("empty_cup.png"), new Mask(80, 80));
        int rc = io.run(segment, "--support", support.toString(), "--mask", "cup=" + empty, "--out",
                tmp.resolve("out").toString(), "--model", model.toString(), targets.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("empty_cup.png") && io.err().contains("is empty"), io.err());
    }

    @Test
    void pairsNamingDifferentObjectsExitTwo() throws Exception {
        Path support2 = CliFixtures.image(tmp.resolve("support2.png"), 80, 80, 9);
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask,
                "--support", support2.toString(), "--mask", "cup=" + supportMask, "--out",
                tmp.resolve("out").toString(), "--model", model.toString(), targets.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("same objects"), io.err());
    }

    @Test
    void aMissingModelExitsThreeNamingTheFolder() {
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                tmp.resolve("out").toString(), "--model", tmp.resolve("nomodel").toString(), targets.toString());
        assertEquals(3, rc);
        assertTrue(io.err().contains("nomodel") && io.err().contains("model folder not found"), io.err());
    }

    @Test
    void aCorruptModelExitsThree() throws Exception {
        Path bundled = Files.move(TinyModel.copyTo(Files.createDirectories(tmp.resolve("models"))),
                tmp.resolve("models/proxyprompt-small"));
        Files.write(bundled.resolve("image_encoder.onnx"), new byte[] {1, 2, 3});
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                tmp.resolve("out").toString(), targets.toString());
        assertEquals(3, rc, "the default model folder under the working directory is used and verified");
        assertTrue(io.err().contains("image_encoder.onnx") && io.err().contains("sha256 mismatch"), io.err());
    }

    @Test
    void cudaWithoutAGpuExitsThree() {
        Assumptions.assumeTrue(NvidiaProbe.system().found().isEmpty(), "this machine has an NVIDIA device");
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                tmp.resolve("out").toString(), "--model", model.toString(), "--device", "cuda", targets.toString());
        assertEquals(3, rc);
        assertTrue(io.err().contains("CUDA requested but no NVIDIA GPU was found"), io.err());
    }

    @Test
    void segFormatWritesNoPngAndSaysWhyAPhotographHasNoSeg() {
        Path out = tmp.resolve("out");
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), "--format", "seg", targets.toString());
        assertEquals(0, rc, io.err());
        assertFalse(Files.exists(out.resolve("eye1/disc.png")), "--format seg writes no PNG masks");
        assertTrue(Files.exists(out.resolve("measurements.csv")));
        assertTrue(io.err().contains("eye1: no DICOM SEG (a photograph"), io.err());
    }

    @Test
    void anEmptyFolderIsAnErrorNotASuccessfulRunOfNothing() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        int rc = io.run(segment, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                tmp.resolve("out").toString(), "--model", model.toString(), empty.toString());
        assertEquals(2, rc);
        assertTrue(io.err().contains("nothing to segment"), io.err());
        assertFalse(Files.exists(tmp.resolve("out/measurements.csv")));
    }

    @Test
    void aPhotographAndItsDicomCopyWriteToTwoFolders() throws Exception {
        Path dicom = targets.resolve("eye1.dcm");
        CliFixtures.dicomPhoto(dicom, 120, 120, 2);
        Path out = tmp.resolve("out");
        SegmentCommand withDicom = new SegmentCommand(new Images(List.of(new DicomImageReader(),
                new RasterImageReader())), new ModelLocator(tmp, null), Main.exportService(new DicomParser()));
        int rc = io.run(withDicom, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), "--format", "both", targets.resolve("eye1.png").toString(),
                dicom.toString());
        assertEquals(0, rc, io.err());
        assertTrue(Files.exists(out.resolve("eye1/disc.png")));
        assertTrue(Files.exists(out.resolve("eye1.dcm/disc.png")));
        assertTrue(Files.exists(out.resolve("eye1.dcm/eye1.dcm_seg.dcm")));
    }

    @Test
    void existingResultsAreNotOverwrittenWithoutTheFlag() throws Exception {
        Path out = tmp.resolve("out");
        String[] args = {"--support", support.toString(), "--mask", "disc=" + supportMask, "--out", out.toString(),
                "--model", model.toString(), targets.toString()};
        assertEquals(0, io.run(segment, args));
        assertEquals(2, io.run(segment, args));
        assertTrue(io.err().contains("already exists") && io.err().contains("--overwrite"), io.err());
        String[] again = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--overwrite")).toArray(String[]::new);
        assertEquals(0, new CliFixtures().run(segment, again));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, io.run(segment, "--out", "x", "t.png"));
        assertTrue(io.err().contains("--support"), io.err());
        assertEquals(2, new CliFixtures().run(segment, "--mask", "disc=a.png"));
        CliFixtures c = new CliFixtures();
        assertEquals(2, c.run(segment, "--support", "s.png", "--mask", "disc=m.png", "--out", "o", "--device", "tpu",
                "t.png"));
        assertTrue(c.err().contains("auto, cpu or cuda"), c.err());
    }

    @Test
    void aSegGivenAsATargetIsSkippedWithAMessageAndNotSegmented() throws Exception {
        Images withDicom = new Images(List.of(new DicomImageReader(), new RasterImageReader()));
        SegmentCommand dicomAware = new SegmentCommand(withDicom, new ModelLocator(tmp, null),
                Main.exportService(new DicomParser()));
        Path seg = Files.copy(DicomTestSupport.resource("highdicom_seg_image_ct_binary.dcm"),
                targets.resolve("earlier_seg.dcm"));
        Path out = tmp.resolve("out");
        int rc = io.run(dicomAware, "--support", support.toString(), "--mask", "disc=" + supportMask, "--out",
                out.toString(), "--model", model.toString(), "--device", "cpu", targets.toString());
        assertEquals(0, rc, io.err());
        assertTrue(io.err().contains("skipped earlier_seg.dcm: is a DICOM Segmentation (SEG)"), io.err());
        assertFalse(Files.exists(out.resolve("earlier_seg")), "no masks of the SEG");
        assertTrue(Files.exists(out.resolve("eye1/disc.png")));
        assertTrue(io.out().contains("segmented 2 of 2 target(s)"), io.out());

        CliFixtures only = new CliFixtures();
        assertEquals(2, only.run(dicomAware, "--support", support.toString(), "--mask", "disc=" + supportMask,
                "--out", tmp.resolve("out2").toString(), "--model", model.toString(), seg.toString()));
        assertTrue(only.err().contains("nothing to segment"), only.err());
    }
}
