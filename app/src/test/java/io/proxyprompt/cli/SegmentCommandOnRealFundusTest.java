package io.proxyprompt.cli;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code segment} with the shipped model on a held-out IDRiD photograph: the written PNG matches the expert. */
class SegmentCommandOnRealFundusTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));
    static final Path FIXTURES = REPO.resolve("core/src/test/resources/fundus-heldout");
    static final Path MODEL = REPO.resolve(ModelBundle.DEFAULT_MODEL);
    static final double DISC_FLOOR = 0.75;
    static final Images IMAGES = new Images(List.of(new RasterImageReader()));

    @BeforeAll
    static void needsTheTrainedModel() throws Exception {
        TrainedModel.assumeTrained(MODEL);
    }

    @Test
    void theSegmentCommandWritesMasksThatMatchTheGroundTruth(@TempDir Path out) throws Exception {
        var cmd = new SegmentCommand(IMAGES, new ModelLocator(REPO, null),
                io.proxyprompt.Main.exportService(new io.proxyprompt.dicom.DicomParser()));
        var err = new ByteArrayOutputStream();
        int rc = cmd.run(List.of("--support", FIXTURES.resolve("IDRiD_01.jpg").toString(), "--mask",
                        "disc=" + FIXTURES.resolve("IDRiD_01_disc.png"), "--out", out.toString(), "--model",
                        MODEL.toString(), "--device", "cpu", FIXTURES.resolve("IDRiD_17.jpg").toString()),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err));
        assertEquals(0, rc, err.toString());
        double d = MaskMetrics.dice(MaskFiles.read(out.resolve("IDRiD_17/disc.png")),
                MaskFiles.read(FIXTURES.resolve("IDRiD_17_disc.png")));
        assertTrue(d >= DISC_FLOOR, "IDRiD_17 disc Dice from the written PNG " + d);
        assertTrue(Files.readString(out.resolve("measurements.csv")).contains("\nIDRiD_17,1,disc,"));
    }
}
