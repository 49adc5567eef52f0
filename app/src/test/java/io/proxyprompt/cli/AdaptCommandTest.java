package io.proxyprompt.cli;

import io.proxyprompt.application.ModelAdaptation;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code adapt} with the project's training code on the tiny configuration (seconds on 2 cores). */
class AdaptCommandTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", ".")).toAbsolutePath();

    @TempDir
    static Path shared;
    static Path base;
    static Path pairs;

    @TempDir
    Path tmp;

    private static PythonBackend backend() {
        try {
            return PythonBackend.locate(InstallLocations.of(REPO, null), Map.of());
        } catch (PythonBackend.MissingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @BeforeAll
    static void tinyBaseModelAndPairs() throws Exception {
        ExternalTools.assumePythonModules("torch", "onnx", "cv2", "numpy");
        base = shared.resolve("tiny-base");
        Process p = new ProcessBuilder(ExternalTools.PYTHON, "training/export.py", "--untrained", "--config", "tiny",
                "--out", base.toString()).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        pairs = Files.createDirectories(shared.resolve("pairs"));
        for (int i = 1; i <= 4; i++) {
            String stem = "fundus_" + i;
            Files.copy(REPO.resolve("samples/fundus/" + stem + ".jpg"), pairs.resolve(stem + ".jpg"));
            for (String o : List.of("disc", "cup")) {
                Files.copy(REPO.resolve("samples/fundus/" + stem + "_" + o + ".png"), pairs.resolve(stem + "_" + o
                        + ".png"));
            }
        }
    }

    @Test
    void aMissingPythonSaysWhatToInstallAndExitsThree() {
        CliFixtures io = new CliFixtures();
        AdaptCommand adapt = new AdaptCommand(new ModelLocator(tmp, null), () -> {
            try {
                return PythonBackend.locate(InstallLocations.of(REPO, null),
                        Map.of(PythonBackend.PYTHON_ENV, tmp.resolve("no-python").toString()));
            } catch (PythonBackend.MissingException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        assertEquals(3, io.run(adapt, "--pairs", pairs.toString(), "--out", tmp.resolve("m").toString()));
        assertTrue(io.err().contains("apt-get install python3-torch") && io.err().contains("PROXYPROMPT_PYTHON"),
                io.err());
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void anAdaptationThatMeasuredWorseThanItsBaseIsSaidToBeWorse() {
        // stage 13's weights adapted on 16 synthetic v2 photographs (training/README.md): the vCDR error rose
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        AdaptCommand.printComparison(out, Map.of("dice", Map.of("disc", 0.8505, "cup", 0.8107), "vcdr_mae", 0.1372),
                Map.of("dice", Map.of("disc", 0.8769, "cup", 0.8221), "vcdr_mae", 0.2536));
        String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.contains("WORSE: The adapted model measured worse than its base on the held-out pairs: "
                + "vCDR error 0.137 -> 0.254"), printed);

        bytes.reset();
        AdaptCommand.printComparison(out, Map.of("dice", Map.of("disc", 0.85), "vcdr_mae", 0.33),
                Map.of("dice", Map.of("disc", 0.88), "vcdr_mae", 0.21));
        assertFalse(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("WORSE"));
    }

    @Test
    void theTinyModelAdaptsAndTheBaseModelIsUntouched() throws Exception {
        String baseSha = ModelBundle.sha256(base.resolve("weights.pt"));
        Path out = tmp.resolve("adapted");
        CliFixtures io = new CliFixtures();
        int rc = io.run(new AdaptCommand(new ModelLocator(tmp, null), AdaptCommandTest::backend), "--pairs",
                pairs.toString(), "--base", base.toString(), "--out", out.toString(), "--steps", "2", "--holdout",
                "1", "--retain", "0", "--threads", "1");
        assertEquals(0, rc, io.err());
        assertTrue(io.out().contains("held-out pairs (never trained on)") && io.out().contains("Dice disc"),
                io.out());
        assertTrue(io.err().contains("[step 2/2]"), io.err());
        assertTrue(io.out().contains("training code: "), "says which Python and allocator train: " + io.out());
        ModelBundle.load(out);
        String manifest = Files.readString(out.resolve("model.json"));
        assertTrue(manifest.contains("\"fine_tuned_from\"") && manifest.contains(baseSha), "records the base model");
        assertTrue(manifest.contains("\"adaptation\""), "records before/after");
        assertEquals(baseSha, ModelBundle.sha256(base.resolve("weights.pt")));
        assertEquals(2, io.run(new AdaptCommand(new ModelLocator(tmp, null), AdaptCommandTest::backend), "--pairs",
                pairs.toString(), "--base", base.toString(), "--out", out.toString(), "--steps", "1"),
                "an existing folder is never replaced");
    }

    @Test
    void theTrainingCodeRunsOnJemallocWhereTheSystemHasIt() {
        Optional<Path> jemalloc = PythonBackend.JEMALLOC.stream().filter(Files::isRegularFile).findFirst();
        ExternalTools.assumeAvailable(jemalloc.isPresent(),
                "jemalloc (apt-get install libjemalloc2) in none of " + PythonBackend.JEMALLOC);
        PythonBackend python = backend();
        assertTrue(python.usesJemalloc(), python.environment().toString());
        assertTrue(python.environment().get("LD_PRELOAD").startsWith(jemalloc.get().toString()));
    }

    @Test
    void aCancelledRunLeavesNoModelFolder() throws Exception {
        Path out = tmp.resolve("cancelled");
        CancellationToken cancel = new CancellationToken();
        ModelAdaptation.Request r = new ModelAdaptation.Request(pairs, base, out, 30, 100000, 1, 0, 0, 1);
        assertThrows(CancelledException.class, () -> new ModelAdaptation(backend()).run(r, p -> cancel.cancel(),
                line -> { }, cancel));
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.map(f -> f.getFileName().toString()).toList());
        }
    }
}
