package io.proxyprompt.testing;

import io.proxyprompt.inference.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Skips a test whose floors only make sense for a trained model when the model folder holds an untrained export. */
public final class TrainedModel {

    private TrainedModel() {
    }

    /** Aborts the calling test (a visible skip) unless {@code model.json} says {@code provenance.trained: true}. */
    public static void assumeTrained(Path model) throws IOException {
        Map<String, Object> manifest = Json.parseObject(Files.readString(model.resolve("model.json")));
        Object trained = manifest.get("provenance") instanceof Map<?, ?> p ? p.get("trained") : null;
        Assumptions.assumeTrue(Boolean.TRUE.equals(trained),
                "Skipped: " + model + " is an untrained export (provenance.trained is not true)");
    }
}
