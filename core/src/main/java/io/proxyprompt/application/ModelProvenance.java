package io.proxyprompt.application;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a model folder's {@code model.json} says about where the model came from, as the workstation shows it:
 * its name and version and, for a model adapted to a clinic's cases, the base model with its sha256, the pairs,
 * the steps, the minutes and the before/after measurements on the held-out pairs.
 */
public record ModelProvenance(Path folder, String name, String version, Optional<Adaptation> adaptation,
                              Optional<String> cdrCaveat) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * How an adapted model was made.
     *
     * @param base       the base model folder as the training code was given it
     * @param baseSha256 the sha256 of the base model's weights
     * @param pairs      the pairs folder
     * @param pairCount  pairs trained on (the held-out ones not counted)
     * @param heldOut    pairs held out to measure before and after
     * @param before     measurements on the held-out pairs with the base model (empty when none were held out)
     * @param after      the same with the adapted model
     */
    public record Adaptation(String base, String baseSha256, String pairs, int pairCount, int heldOut, int steps,
                             double minutes,
                             Map<String, Object> before, Map<String, Object> after) {
    }

    /**
     * Reads {@code model.json} of a model folder.
     *
     * @throws IOException naming the folder when there is no readable model.json
     */
    @SuppressWarnings("unchecked")
    public static ModelProvenance read(Path folder) throws IOException {
        Path manifest = folder.resolve("model.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(folder + ": no model.json here; this folder is not a ProxyPrompt model");
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new IOException(manifest + " cannot be read (" + e.getMessage() + ")", e);
        }
        JsonNode prov = root.path("provenance");
        JsonNode from = prov.path("fine_tuned_from");
        Optional<Adaptation> adaptation = Optional.empty();
        if (from.isObject()) {
            JsonNode pairs = prov.path("data").path(0);
            JsonNode measured = root.path("metrics").path("adaptation");
            adaptation = Optional.of(new Adaptation(from.path("model").asText(""),
                    from.path("weights_sha256").asText(""), pairs.path("path").asText(""),
                    pairs.path("images").asInt(0), pairs.path("held_out").size(), prov.path("steps").asInt(0),
                    prov.path("training_time_minutes").asDouble(Double.NaN),
                    JSON.convertValue(measured.path("before"), Map.class) instanceof Map<?, ?> b
                            ? (Map<String, Object>) b : Map.of(),
                    JSON.convertValue(measured.path("after"), Map.class) instanceof Map<?, ?> a
                            ? (Map<String, Object>) a : Map.of()));
        }
        // model.json's own word on how far its cup-to-disc ratio can be trusted (shown beside the ratio)
        String caveat = root.path("limitations").path("vcdr_expected_error").asText("");
        return new ModelProvenance(folder, root.path("name").asText(folder.getFileName().toString()),
                root.path("version").asText(""), adaptation, caveat.isBlank() ? Optional.empty() : Optional.of(caveat));
    }

    /** "name version" as the status bar shows it. */
    public String title() {
        return version.isBlank() ? name : name + " " + version;
    }

    /**
     * One line for the status bar, e.g. {@code clinic-a — adapted from proxyprompt-small (sha256 1a2b3c4d…), 12
     * pairs + 4 held out, 65 steps, 15.0 min}.
     */
    public String summary() {
        // the name only: an adapted model keeps its base's version, and the line must fit the status bar
        return adaptation.map(a -> String.format(Locale.ROOT, "%s \u2014 adapted from %s (sha256 %s\u2026), %d pairs"
                + " + %d held out, %d step%s, %.1f min", name, Path.of(a.base()).getFileName(),
                a.baseSha256().substring(0, Math.min(8, a.baseSha256().length())), a.pairCount(), a.heldOut(),
                a.steps(), a.steps() == 1 ? "" : "s", a.minutes())).orElse(title());
    }

    /** The summary with the folders and the full digest (for a tool tip). */
    public String details() {
        return adaptation.map(a -> summary() + "\nModel folder: " + folder + "\nBase model: " + a.base()
                + " (weights sha256 " + a.baseSha256() + ")\nPairs: " + a.pairs()).orElse(title() + "\nModel folder: "
                + folder);
    }
}
