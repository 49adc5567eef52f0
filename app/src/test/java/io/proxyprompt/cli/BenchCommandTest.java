package io.proxyprompt.cli;

import io.proxyprompt.Main;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench prints every figure the issues ask for (values are measured, not checked here). */
class BenchCommandTest {

    @TempDir
    Path tmp;

    private BenchCommand bench() {
        return new BenchCommand(new ModelLocator(tmp, null), new Images(List.of(new RasterImageReader())),
                Main.exportService(new DicomParser()), Optional::empty);
    }

    private static void assertFigures(String out, List<String> names) {
        for (String name : names) {
            assertTrue(out.lines().anyMatch(l -> l.matches(name + ": [0-9.]+.*")), name + " in\n" + out);
        }
    }

    @Test
    void printsEveryNamedFigure() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        CliFixtures io = new CliFixtures();
        int rc = io.run(bench(), "--model", model.toString(), "--targets", "3", "--repeats", "1", "--device", "cpu",
                "--no-pytorch");
        assertEquals(0, rc, io.err());
        assertFigures(io.out(), List.of("encoder_ms", "support_ms", "prompt_decoder_ms_per_target", "first_pass_ms",
                "object_switch_ms", "switch_over_first", "batch_images_per_s", "peak_heap_mb"));
        assertTrue(io.out().contains("click_ms: n/a (this model has no click decoder"), io.out());
    }

    @Test
    void aClickModelPrintsTheClickLatencyWithoutReEncoding() throws Exception {
        Path model = TinyModel.copyClicksTo(tmp);
        CliFixtures io = new CliFixtures();
        int rc = io.run(bench(), "--model", model.toString(), "--targets", "2", "--repeats", "1", "--device", "cpu",
                "--no-pytorch");
        assertEquals(0, rc, io.err());
        assertFigures(io.out(), List.of("click_ms", "click_decoder_ms"));
        assertTrue(io.out().contains("click_encoder_runs: 0"), io.out());
    }

    @Test
    void onPhotographsPrintsEveryStageAndTheEndToEndRatio() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        Path support = CliFixtures.image(tmp.resolve("support.png"), 80, 80, 1);
        Path mask = CliFixtures.mask(tmp.resolve("support_disc.png"), CliFixtures.topLeft(80, 80));
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 3; i++) {
            CliFixtures.image(photos.resolve("eye" + i + ".jpg"), 120 + 10 * i, 100, i + 2);
        }
        CliFixtures io = new CliFixtures();
        int rc = io.run(bench(), "--images", photos.toString(), "--support", support.toString(), "--mask",
                "disc=" + mask, "--model", model.toString(), "--repeats", "1", "--device", "cpu");
        assertEquals(0, rc, io.err());
        assertFigures(io.out(), List.of("decode_ms", "preprocess_ms", "encoder_ms", "prompt_ms", "decoder_ms",
                "postprocess_ms", "quality_and_rules_ms", "measurements_ms", "write_masks_ms", "support_ms",
                "engine_images_per_s", "end_to_end_images_per_s", "end_to_end_over_engine", "engine_cpu_ms_per_image",
                "end_to_end_cpu_ms_per_image", "peak_rss_mb"));
        assertTrue(io.out().contains("images: 3 (120x100 to 140x100"), io.out());
    }

    @Test
    void badArgumentsExitTwoAndAMissingModelThree() throws Exception {
        assertEquals(3, new CliFixtures().run(bench(), "--model", tmp.resolve("x").toString()));
        assertEquals(2, new CliFixtures().run(bench(), "--targets", "0"));
        CliFixtures io = new CliFixtures();
        assertEquals(2, io.run(bench(), "--images", Files.createDirectories(tmp.resolve("empty")).toString()));
        assertTrue(io.err().contains("no bundled samples"), io.err());
        CliFixtures alone = new CliFixtures();
        assertEquals(2, alone.run(bench(), "--mask", "disc=x.png"));
        assertTrue(alone.err().contains("--images"), alone.err());
    }
}
