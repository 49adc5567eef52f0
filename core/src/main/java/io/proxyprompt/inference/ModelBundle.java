package io.proxyprompt.inference;

import io.proxyprompt.common.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;

/**
 * A verified model folder ({@code model.json} + the four ONNX graphs): every file exists and has the sha256 the
 * manifest records, and the sizes are consistent. Graph input/output names and ranks are checked when
 * {@link InferenceEngine} opens the sessions.
 */
public final class ModelBundle {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

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
        try {
            return verified(dir);
        } catch (ModelLoadException e) {
            LOG.info("Model folder {} rejected: {}", dir.toAbsolutePath(), e.getMessage());
            throw e;
        }
    }

    private static ModelBundle verified(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(dir, "model folder not found; pass --model DIR pointing at a folder with "
                    + "model.json and the four .onnx graphs");
        }
        Path manifest = dir.resolve("model.json");
        if (!Files.isRegularFile(manifest)) {
            throw new ModelLoadException(manifest, "missing; this folder is not a ProxyPrompt model (export one with"
                    + " training/export or pass another --model)");
        }
        ModelSpec spec = ModelManifest.read(manifest);
        ModelBundle bundle = new ModelBundle(dir, spec);
        for (Graph g : Graph.values()) {
            if (!g.optional() || spec.files().containsKey(g.key())) {
                bundle.verifyFile(g.key());
            }
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

    /** Whether the folder has this graph (the four of the contract always; the click decoder of a click model). */
    public boolean hasGraph(Graph graph) {
        return spec.files().containsKey(graph.key());
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
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), Sha256.digest())) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // digesting
            }
            return Sha256.hex(((DigestInputStream) in).getMessageDigest());
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
