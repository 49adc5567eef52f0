package io.proxyprompt.application;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the workstation shows about a model's origin, read from the model.json the training code writes. */
class ModelProvenanceTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));

    @TempDir
    Path dir;

    @Test
    void theShippedModelIsABaseModel() throws IOException {
        ModelProvenance p = ModelProvenance.read(REPO.resolve("models/proxyprompt-small"));
        assertTrue(p.adaptation().isEmpty());
        assertEquals(p.name() + " " + p.version(), p.summary());
    }

    @Test
    void theShippedModelWarnsThatItsCupToDiscRatioIsNotValidatedOnRealPhotographs() throws IOException {
        ModelProvenance p = ModelProvenance.read(REPO.resolve("models/proxyprompt-small"));
        assertTrue(p.cdrCaveat().orElse("").contains("vertical cup-to-disc ratio error"), p.cdrCaveat().toString());
        Files.writeString(dir.resolve("model.json"), "{\"name\": \"plain\", \"version\": \"1\"}");
        assertTrue(ModelProvenance.read(dir).cdrCaveat().isEmpty());
    }

    @Test
    void anAdaptedModelNamesItsBaseWithSha256ThePairsStepsMinutesAndMeasurements() throws IOException {
        Files.writeString(dir.resolve("model.json"), """
                {"name": "clinic-a", "version": "0.1.0",
                 "provenance": {"trained": true, "steps": 65, "training_time_minutes": 15.04,
                   "fine_tuned_from": {"model": "models/proxyprompt-small", "weights_sha256": "0123456789abcdef0123"},
                   "data": [{"name": "pairs", "path": "/data/clinic", "images": 12, "held_out": ["a", "b", "c", "d"]}]},
                 "metrics": {"adaptation": {"before": {"dice": {"disc": 0.72}, "vcdr_mae": NaN},
                                            "after": {"dice": {"disc": 0.885}}}}}
                """);
        ModelProvenance p = ModelProvenance.read(dir);
        ModelProvenance.Adaptation a = p.adaptation().orElseThrow();
        assertEquals(Map.of("disc", 0.885), a.after().get("dice"));
        assertEquals(4, a.heldOut());
        assertEquals("clinic-a \u2014 adapted from proxyprompt-small (sha256 01234567\u2026), 12 pairs + 4 "
                + "held out, 65 steps, 15.0 min", p.summary());
        assertTrue(p.details().contains("Pairs: /data/clinic") && p.details().contains("0123456789abcdef0123"),
                p.details());
    }

    @Test
    void aFolderWithoutModelJsonIsNamed() {
        IOException e = assertThrows(IOException.class, () -> ModelProvenance.read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": no model.json here"), e.getMessage());
    }
}
