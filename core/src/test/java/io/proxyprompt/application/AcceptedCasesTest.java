package io.proxyprompt.application;

import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.PhotoWriter;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accepted targets of a workspace become a pairs folder that {@link PairsFolder} (and the training) reads. */
class AcceptedCasesTest {

    static final Path SAMPLES = Path.of(System.getProperty("proxyprompt.repo", "."), "samples", "fundus");

    @TempDir
    Path dir;

    private static Images images() {
        return new Images(List.of(new DicomImageReader(), new RasterImageReader()));
    }

    private static Mask blob(int w, int h) {
        Mask m = new Mask(w, h);
        MaskTools.stroke(m, w / 3, h / 3, w / 2, h / 2, 6, true);
        return m;
    }

    @Test
    void onlyAcceptedTargetsWithMasksAreWrittenInThePairsLayoutPhotographsAsTheyAreDicomAsPng() throws Exception {
        Workspace ws = new Workspace(dir.resolve("ws"));
        TargetEntry photo = ws.addTarget(SAMPLES.resolve("fundus_1.jpg"), "fundus_1.jpg");
        Mask disc = MaskFiles.read(SAMPLES.resolve("fundus_1_disc.png"));
        photo.putMask(new Layer("disc", 0), disc);
        photo.putMask(new Layer("cup", 0), MaskFiles.read(SAMPLES.resolve("fundus_1_cup.png")));
        photo.setReviewed(true);
        TargetEntry notAccepted = ws.addTarget(SAMPLES.resolve("fundus_2.jpg"), "fundus_2.jpg");
        notAccepted.putMask(new Layer("disc", 0), MaskFiles.read(SAMPLES.resolve("fundus_2_disc.png")));
        ws.addTarget(SAMPLES.resolve("fundus_3.jpg"), "fundus_3.jpg").setReviewed(true);
        Path dcm = dir.resolve("eye_left.dcm");
        byte[] rgb = new byte[40 * 30 * 3];
        java.util.Arrays.fill(rgb, (byte) 90);
        new PhotoWriter(new DicomWriter()).write(dcm, 40, 30, rgb, PhotoWriter.Subject.anonymous());
        TargetEntry dicom = ws.addTarget(dcm, "eye_left");
        dicom.putMask(new Layer("optic_nerve", 0), blob(40, 30));
        dicom.setReviewed(true);

        List<AcceptedCases.Case> cases = AcceptedCases.of(ws);
        assertEquals(List.of("fundus_1.jpg", "eye_left"), cases.stream().map(AcceptedCases.Case::name).toList(),
                "accepted and with masks");
        photo.putMask(new Layer("disc", 0), new Mask(disc.width(), disc.height()));
        AcceptedCases.Written w = AcceptedCases.write(cases, images(), dir.resolve("pairs"));
        assertEquals(List.of(), w.skipped());
        PairsFolder back = PairsFolder.scan(dir.resolve("pairs"));
        assertEquals(List.of("eye_left", "fundus_1"), back.cases().stream().map(PairsFolder.Case::stem).toList());
        assertEquals(List.of("cup", "disc", "optic-nerve"), back.objects(),
                "an object name's '_' would split the mask name: written as '-'");
        assertArrayEquals(Files.readAllBytes(SAMPLES.resolve("fundus_1.jpg")),
                Files.readAllBytes(dir.resolve("pairs/fundus_1.jpg")), "a photograph is copied as it is");
        assertArrayEquals(disc.data(), MaskFiles.read(dir.resolve("pairs/fundus_1_disc.png")).data(),
                "the masks as they were when the cases were taken");
        var frame = images().openFrame(dir.resolve("pairs/eye_left.png"));
        assertEquals(Map.of("w", 40, "h", 30), Map.of("w", frame.width(), "h", frame.height()),
                "DICOM written as PNG of the same size as its masks");
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> AcceptedCases.write(cases, images(), dir.resolve("pairs")), "an existing folder's files stay");
        assertTrue(Files.isRegularFile(dir.resolve("pairs/eye_left_optic-nerve.png")));
    }

    @Test
    void aSeriesAndAMissingImageAreLeftOutWithTheReason() throws Exception {
        AcceptedCases.Case series = new AcceptedCases.Case("ct", dir.resolve("ct"), Map.of("disc", blob(8, 8)), true);
        AcceptedCases.Case gone = new AcceptedCases.Case("gone.jpg", dir.resolve("gone.jpg"),
                Map.of("disc", blob(8, 8)), false);
        AcceptedCases.Written w = AcceptedCases.write(List.of(series, gone), images(), dir.resolve("pairs"));
        assertEquals(0, w.pairs().cases().size());
        assertEquals(2, w.skipped().size());
        assertTrue(w.skipped().get(0).startsWith("ct: has several frames"), w.skipped().get(0));
        assertTrue(w.skipped().get(1).startsWith("gone.jpg: the image cannot be read"), w.skipped().get(1));
    }
}
