package io.proxyprompt.cli;

import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench prints every figure the issue asks for (values are measured, not checked here). */
class BenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsEveryNamedFigure() throws Exception {
        Path model = TinyModel.copyTo(tmp);
        CliFixtures io = new CliFixtures();
        int rc = io.run(new BenchCommand(new ModelLocator(tmp, null)), "--model", model.toString(), "--targets", "3",
                "--repeats", "1", "--device", "cpu", "--no-pytorch");
        assertEquals(0, rc, io.err());
        for (String name : List.of("encoder_ms", "support_ms", "prompt_decoder_ms_per_target", "first_pass_ms",
                "object_switch_ms", "switch_over_first", "batch_images_per_s", "peak_heap_mb")) {
            assertTrue(io.out().lines().anyMatch(l -> l.matches(name + ": [0-9.]+.*")), name + " in\n" + io.out());
        }
    }

    @Test
    void aMissingModelExitsThree() {
        CliFixtures io = new CliFixtures();
        assertEquals(3, io.run(new BenchCommand(new ModelLocator(tmp, null)), "--model", tmp.resolve("x").toString()));
        assertEquals(2, new CliFixtures().run(new BenchCommand(new ModelLocator(tmp, null)), "--targets", "0"));
    }
}
