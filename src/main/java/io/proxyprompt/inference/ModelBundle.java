package io.proxyprompt.inference;

import io.proxyprompt.preprocess.Normalization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verified model folder ({@code model.json} + the four ONNX graphs): every file exists and has the sha256 the
 * manifest records, and the sizes are consistent. Graph input/output names and ranks are checked when
 * {@link InferenceEngine} opens the sessions.
 */
public final class ModelBundle {

    /** The model folder shipped with the application, relative to the working directory or the jar. */
    public static final String DEFAULT_MODEL = "models/proxyprompt-small";

    private final Path dir;
    private final ModelSpec spec;

    private ModelBundle(Path dir, ModelSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    /**
     * Reads and verifies a model folder.
     *
     * @throws ModelLoadException naming the missing, malformed or corrupt file and what to do
     */
    public static ModelBundle load(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(dir, "model folder not found; pass --model DIR pointing at a folder with "
                    + "model.json and the four .onnx graphs");
        }
        Path manifest = dir.resolve("model.json");
        if (!Files.isRegularFile(manifest)) {
            throw new ModelLoadException(manifest, "missing; this folder is not a ProxyPrompt model (export one with"
                    + " training/export or pass another --model)");
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(Files.readString(manifest));
        } catch (IOException e) {
            throw new ModelLoadException(manifest, "cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(manifest, e.getMessage() + "; the manifest is corrupt, re-export the model");
        }
        ModelSpec spec = parseSpec(manifest, json);
        ModelBundle bundle = new ModelBundle(dir, spec);
        for (Graph g : Graph.values()) {
            bundle.verifyFile(g.key());
        }
        if (spec.files().containsKey("weights")) {
            bundle.verifyFile("weights");
        }
        return bundle;
    }

    private void verifyFile(String key) throws ModelLoadException {
        ModelSpec.FileRef ref = spec.files().get(key);
        Path manifest = dir.resolve("model.json");
        if (ref == null) {
            throw new ModelLoadException(manifest, "names no file for '" + key + "' under \"files\"");
        }
        Path file = dir.resolve(ref.path());
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "missing from the model folder (model.json lists it as " + key
                    + "); re-export or re-install the model");
        }
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(ref.sha256())) {
            throw new ModelLoadException(file, "sha256 mismatch: model.json expects " + ref.sha256()
                    + " but the file has " + actual + "; the file is corrupt or was changed after export -"
                    + " re-export or re-install the model");
        }
    }

    /** The file of a graph inside the folder. */
    public Path graphFile(Graph graph) {
        return dir.resolve(spec.files().get(graph.key()).path());
    }

    public Path dir() {
        return dir;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Identifies the exact graphs (name, version, encoder digest) so cached embeddings never cross models. */
    public String id() {
        return spec.name() + "@" + spec.version() + "#" + spec.files().get(Graph.IMAGE_ENCODER.key()).sha256()
                .substring(0, Math.min(16, spec.files().get(Graph.IMAGE_ENCODER.key()).sha256().length()));
    }

    @Override
    public String toString() {
        return spec.name() + " " + spec.version() + " (" + dir + ")";
    }

    /** Hex SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws ModelLoadException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ModelSpec parseSpec(Path manifest, Map<String, Object> j) throws ModelLoadException {
        Number format = number(manifest, j, "format");
        if (format.intValue() != 1) {
            throw new ModelLoadException(manifest, "format " + format + " is not supported by this build (expects 1);"
                    + " update the application");
        }
        int s = number(manifest, j, "input_size").intValue();
        int c = number(manifest, j, "embedding_channels").intValue();
        int h = number(manifest, j, "embedding_size").intValue();
        int t = number(manifest, j, "prompt_tokens").intValue();
        int m = number(manifest, j, "mask_size").intValue();
        if (s <= 0 || s % 16 != 0 || h != s / 16 || m != s / 4 || c <= 0 || t <= 0) {
            throw new ModelLoadException(manifest, "inconsistent sizes: input_size " + s + ", embedding_size " + h
                    + " (must be input_size/16), mask_size " + m + " (must be input_size/4), channels " + c
                    + ", tokens " + t);
        }
        Object order = j.getOrDefault("color_order", "RGB");
        if (!"RGB".equals(order)) {
            throw new ModelLoadException(manifest, "color_order " + order + " is not supported (expects RGB)");
        }
        Normalization norm = Normalization.SAM;
        if (j.get("normalization") instanceof Map<?, ?> n) {
            try {
                norm = new Normalization(doubles(n.get("mean")), doubles(n.get("std")));
            } catch (RuntimeException e) {
                throw new ModelLoadException(manifest, "bad normalization: " + e.getMessage());
            }
        }
        if (!(j.get("files") instanceof Map<?, ?> filesJson)) {
            throw new ModelLoadException(manifest, "has no \"files\" object listing the graphs and their sha256");
        }
        Map<String, ModelSpec.FileRef> files = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : filesJson.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> f && f.get("path") instanceof String p
                    && f.get("sha256") instanceof String sha) {
                if (Path.of(p).isAbsolute() || p.contains("..")) {
                    throw new ModelLoadException(manifest, "file path '" + p + "' must stay inside the model folder");
                }
                files.put(e.getKey().toString(), new ModelSpec.FileRef(p, sha));
            } else {
                throw new ModelLoadException(manifest, "files." + e.getKey() + " needs \"path\" and \"sha256\"");
            }
        }
        Object prov = j.get("provenance");
        String provenance = prov instanceof Map<?, ?> pm ? pm.toString() : String.valueOf(prov);
        Map<String, Object> metrics = j.get("metrics") instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
        return new ModelSpec(string(j, "name", "unnamed"), string(j, "version", "0"), s, c, h, t, m, norm,
                j.get("max_objects") instanceof Number mo ? mo.intValue() : 4,
                j.get("opset") instanceof Number op ? op.intValue() : 17, files, provenance, metrics);
    }

    private static Number number(Path manifest, Map<String, Object> j, String key) throws ModelLoadException {
        if (j.get(key) instanceof Number n) {
            return n;
        }
        throw new ModelLoadException(manifest, "needs a number \"" + key + "\"");
    }

    private static String string(Map<String, Object> j, String key, String dflt) {
        Object v = j.get(key);
        return v == null ? dflt : v.toString();
    }

    private static double[] doubles(Object list) {
        if (!(list instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a list of numbers");
        }
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) l.get(i)).doubleValue();
        }
        return d;
    }
}
