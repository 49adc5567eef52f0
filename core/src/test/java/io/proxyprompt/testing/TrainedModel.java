package io.proxyprompt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;

/** Skips a test whose floors only make sense for a trained model when the model folder holds an untrained export. */
public final class TrainedModel {

    private TrainedModel() {
    }

    /** Aborts the calling test (a visible skip) unless {@code model.json} says {@code provenance.trained: true}. */
    public static void assumeTrained(Path model) throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        Assumptions.assumeTrue(manifest.path("provenance").path("trained").booleanValue(),
                "Skipped: " + model + " is an untrained export (provenance.trained is not true)");
    }
}
