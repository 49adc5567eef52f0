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
        int ds = encoderDownsample(manifest, j);
        ModelSpec.HrFeatures hr = hrFeatures(manifest, j);
        checkSizes(manifest, s, c, h, t, m, ds, hr);
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
                j.get("opset") instanceof Number op ? op.intValue() : 17, files, provenance, metrics, ds, hr);
    }

    /** {@code encoder_downsample}: absent means 1 (the original contract), otherwise a positive integer. */
    private static int encoderDownsample(Path manifest, Map<String, Object> j) throws ModelLoadException {
        Object v = j.get("encoder_downsample");
        if (v == null) {
            return 1;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 1) {
            throw new ModelLoadException(manifest, "\"encoder_downsample\" must be a positive integer, is " + v
                    + "; the manifest is corrupt, re-export the model");
        }
        return n.intValue();
    }

    /** The optional {@code hr_features} object: {@code {"channels": c, "size": S/2}}, or null when absent. */
    private static ModelSpec.HrFeatures hrFeatures(Path manifest, Map<String, Object> j) throws ModelLoadException {
        Object v = j.get("hr_features");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> hr) || !(hr.get("channels") instanceof Number c)
                || !(hr.get("size") instanceof Number size) || c.intValue() <= 0 || size.intValue() <= 0) {
            throw new ModelLoadException(manifest, "\"hr_features\" must be an object with positive numbers"
                    + " \"channels\" and \"size\", is " + v + "; the manifest is corrupt, re-export the model");
        }
        return new ModelSpec.HrFeatures(c.intValue(), size.intValue());
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
