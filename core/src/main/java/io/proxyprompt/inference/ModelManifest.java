package io.proxyprompt.inference;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.proxyprompt.preprocess.Normalization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.json} as Jackson binds it, checked field by field into a {@link ModelSpec}; every problem is a
 * {@link ModelLoadException} naming model.json and the field.
 */
record ModelManifest(Integer format, String name, String version,
                     @JsonProperty("input_size") Integer inputSize,
                     @JsonProperty("embedding_channels") Integer embeddingChannels,
                     @JsonProperty("embedding_size") Integer embeddingSize,
                     @JsonProperty("prompt_tokens") Integer promptTokens,
                     @JsonProperty("mask_size") Integer maskSize,
                     @JsonProperty("encoder_downsample") Integer encoderDownsample,
                     @JsonProperty("hr_features") HrFeatures hrFeatures,
                     @JsonProperty("color_order") String colorOrder,
                     Norm normalization,
                     @JsonProperty("max_objects") Integer maxObjects,
                     Integer opset,
                     Map<String, FileEntry> files,
                     JsonNode provenance,
                     Map<String, Object> metrics) {

    /** {@code hr_features}: {@code {"channels": c, "size": S/2}}. */
    record HrFeatures(Integer channels, Integer size) { }

    /** {@code normalization}: per-channel RGB mean and std. */
    record Norm(double[] mean, double[] std) { }

    /** One entry of {@code files}. */
    record FileEntry(String path, String sha256) { }

    private static final String REEXPORT = "; the manifest is corrupt, re-export the model";

    /**
     * Strict where it matters: no silent number/string coercion, no fractions for counts, no duplicate keys. Unknown
     * fields are allowed (model.json also carries notes such as {@code preprocessing}); NaN is allowed in the free
     * form metrics because Python's json module writes it.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** Reads and checks {@code manifest}. */
    static ModelSpec read(Path manifest) throws ModelLoadException {
        String text;
        try {
            text = Files.readString(manifest);
        } catch (IOException e) {
            throw new ModelLoadException(manifest, "cannot be read: " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            throw new ModelLoadException(manifest, "is empty" + REEXPORT);
        }
        ModelManifest m;
        try {
            m = MAPPER.readValue(text, ModelManifest.class);
        } catch (JsonMappingException e) {
            throw new ModelLoadException(manifest, wrongType(e) + at(e.getLocation()) + REEXPORT, e);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(manifest, "malformed JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + REEXPORT, e);
        }
        return m.toSpec(manifest);
    }

    private ModelSpec toSpec(Path manifest) throws ModelLoadException {
        int f = required(manifest, "format", format);
        if (f != 1) {
            throw new ModelLoadException(manifest, "format " + f + " is not supported by this build (expects 1);"
                    + " update the application");
        }
        int s = required(manifest, "input_size", inputSize);
        int c = required(manifest, "embedding_channels", embeddingChannels);
        int h = required(manifest, "embedding_size", embeddingSize);
        int t = required(manifest, "prompt_tokens", promptTokens);
        int m = required(manifest, "mask_size", maskSize);
        int ds = encoderDownsample == null ? 1 : encoderDownsample;
        if (ds < 1) {
            throw new ModelLoadException(manifest, "\"encoder_downsample\" must be a positive integer, is " + ds
                    + REEXPORT);
        }
        ModelSpec.HrFeatures hr = hrFeatures(manifest);
        checkSizes(manifest, s, c, h, t, m, ds, hr);
        if (colorOrder != null && !colorOrder.equals("RGB")) {
            throw new ModelLoadException(manifest, "color_order " + colorOrder + " is not supported (expects RGB)");
        }
        Normalization norm = Normalization.SAM;
        if (normalization != null) {
            if (normalization.mean() == null || normalization.std() == null) {
                throw new ModelLoadException(manifest, "bad normalization: needs \"mean\" and \"std\" lists");
            }
            try {
                norm = new Normalization(normalization.mean(), normalization.std());
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(manifest, "bad normalization: " + e.getMessage());
            }
        }
        return new ModelSpec(name == null ? "unnamed" : name, version == null ? "0" : version, s, c, h, t, m, norm,
                maxObjects == null ? 4 : maxObjects, opset == null ? 17 : opset, files(manifest),
                provenance == null ? "null" : provenance.toString(), withoutNulls(metrics), ds, hr);
    }

    private Map<String, ModelSpec.FileRef> files(Path manifest) throws ModelLoadException {
        if (files == null) {
            throw new ModelLoadException(manifest, "has no \"files\" object listing the graphs and their sha256");
        }
        Map<String, ModelSpec.FileRef> refs = new LinkedHashMap<>();
        for (Map.Entry<String, FileEntry> e : files.entrySet()) {
            FileEntry fe = e.getValue();
            if (fe == null || fe.path() == null || fe.sha256() == null) {
                throw new ModelLoadException(manifest, "files." + e.getKey() + " needs \"path\" and \"sha256\"");
            }
            if (Path.of(fe.path()).isAbsolute() || fe.path().contains("..")) {
                throw new ModelLoadException(manifest, "file path '" + fe.path() + "' must stay inside the model folder");
            }
            refs.put(e.getKey(), new ModelSpec.FileRef(fe.path(), fe.sha256()));
        }
        return refs;
    }

    private ModelSpec.HrFeatures hrFeatures(Path manifest) throws ModelLoadException {
        if (hrFeatures == null) {
            return null;
        }
        if (hrFeatures.channels() == null || hrFeatures.size() == null || hrFeatures.channels() <= 0
                || hrFeatures.size() <= 0) {
            throw new ModelLoadException(manifest, "\"hr_features\" must be an object with positive numbers"
                    + " \"channels\" and \"size\", is " + hrFeatures + REEXPORT);
        }
        return new ModelSpec.HrFeatures(hrFeatures.channels(), hrFeatures.size());
    }

    /**
     * The contract's size rules: h = S/(16*ds); with hr_features the logits and the features are S/2, without
     * them the logits are 4*h (S/4 for the original contract).
     */
    private static void checkSizes(Path manifest, int s, int c, int h, int t, int m, int ds, ModelSpec.HrFeatures hr)
            throws ModelLoadException {
        String sizes = "input_size " + s + ", encoder_downsample " + ds + ", embedding_size " + h + ", mask_size " + m
                + (hr == null ? "" : ", hr_features.size " + hr.size()) + ", channels " + c + ", tokens " + t;
        if (s <= 0 || c <= 0 || t <= 0 || s % (16 * ds) != 0 || h != s / (16 * ds)) {
            throw new ModelLoadException(manifest, "inconsistent sizes: " + sizes + " (embedding_size must be"
                    + " input_size/(16*encoder_downsample) = input_size/" + 16 * ds + ")");
        }
        if (hr == null && m != 4 * h) {
            throw new ModelLoadException(manifest, "inconsistent sizes: " + sizes + " (without hr_features"
                    + " mask_size must be 4*embedding_size = " + 4 * h + ")");
        }
        if (hr != null && (m != s / 2 || hr.size() != s / 2 || s % 2 != 0)) {
            throw new ModelLoadException(manifest, "inconsistent sizes: " + sizes + " (with hr_features"
                    + " mask_size and hr_features.size must both be input_size/2 = " + s / 2 + ")");
        }
    }

    private static int required(Path manifest, String key, Integer value) throws ModelLoadException {
        if (value == null) {
            throw new ModelLoadException(manifest, "needs a number \"" + key + "\"" + REEXPORT);
        }
        return value;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (v != null) {
                    m.put(k, v);
                }
            });
        }
        return m;
    }

    /** {@code "files.image_encoder.sha256" must be a string}: the field Jackson stopped at and what it wanted. */
    private static String wrongType(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String wanted = wanted(e instanceof MismatchedInputException mi
                ? mi.getTargetType() : null);
        if (path.isEmpty()) {
            return "must hold one JSON object (the model's description)";
        }
        return "\"" + path + "\" must be " + wanted;
    }

    private static String wanted(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "a positive integer";
        }
        if (type == Double.class || type == double.class || type == double[].class) {
            return type.isArray() ? "a list of numbers" : "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type == JsonNode.class) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String at(JsonLocation where) {
        return where == null || where.getLineNr() < 1 ? "" : " at line " + where.getLineNr() + ", column "
                + where.getColumnNr();
    }
}
