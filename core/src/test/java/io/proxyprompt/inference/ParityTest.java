package io.proxyprompt.inference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxyprompt.preprocess.Geometry;
import io.proxyprompt.preprocess.PreparedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped model on ONNX Runtime Java reproduces the PyTorch outputs recorded by training/export.py
 * (core/src/test/resources/model-vectors): every run vectors.json lists, with whatever inputs and outputs it lists
 * (the hr_features of the extended contract included); logits within the manifest's tolerance, other tensors
 * within 1e-3 relative to their scale. {@code -Dproxyprompt.parity.model=DIR -Dproxyprompt.parity.vectors=DIR}
 * checks another exported model against its own vectors.
 */
class ParityTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));
    static final Path VECTORS = Path.of(System.getProperty("proxyprompt.parity.vectors",
            REPO.resolve("core/src/test/resources/model-vectors").toString()));
    static final Path MODEL = Path.of(System.getProperty("proxyprompt.parity.model",
            REPO.resolve(ModelBundle.DEFAULT_MODEL).toString()));

    /** cpu (default) or cuda: {@code mvn -Dproxyprompt.parity.device=cuda} runs the check on the GPU (tools/gpu-check.sh). */
    static final ExecutionDevice DEVICE = ExecutionDevice.parse(System.getProperty("proxyprompt.parity.device", "cpu"));

    static InferenceEngine engine;
    static Map<String, Object> manifest;

    @BeforeAll
    static void open() throws Exception {
        manifest = new ObjectMapper().readValue(VECTORS.resolve("vectors.json").toFile(), new TypeReference<>() { });
        engine = InferenceEngine.open(ModelBundle.load(MODEL), DEVICE, EngineSettings.defaults());
        System.out.println("parity device: " + engine.device().describe());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The graphs the shipped model has (the four of the contract; a click decoder only in a click model). */
    private Set<Graph> graphs() {
        return java.util.Arrays.stream(Graph.values()).filter(g -> engine.model().hasGraph(g))
                .collect(Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void vectorsWereMadeFromTheShippedGraphs() {
        Map<String, Object> shas = (Map<String, Object>) manifest.get("graphs_sha256");
        for (Graph g : graphs()) {
            assertEquals(engine.model().spec().files().get(g.key()).sha256(), shas.get(g.key()),
                    "vectors.json and " + MODEL + " disagree on " + g.key() + ": re-export both together");
        }
    }

    @Test
    void everyGraphMatchesPyTorch() throws Exception {
        List<Map<String, Object>> runs = runs();
        Set<Graph> covered = runs.stream().map(ParityTest::graph).collect(Collectors.toSet());
        assertEquals(graphs(), covered, "vectors.json lists runs of every graph of the model");
        ModelSpec spec = engine.model().spec();
        StringBuilder report = new StringBuilder();
        Map<Graph, Set<String>> recorded = new java.util.EnumMap<>(Graph.class);
        for (Map<String, Object> run : runs) {
            Graph graph = graph(run);
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, Object> in : map(run, "inputs").entrySet()) {
                inputs.put(in.getKey(), load(in.getValue().toString()));
            }
            assertEquals(names(graph.inputs(spec)), inputs.keySet(), graph.key() + ": the run's inputs are the"
                    + " contract's inputs for this model.json");
            assertTrue(names(graph.outputs(spec)).containsAll(map(run, "outputs").keySet()), graph.key()
                    + ": the run records only contract outputs for this model.json");
            recorded.computeIfAbsent(graph, g -> new java.util.HashSet<>()).addAll(map(run, "outputs").keySet());
            Map<String, Tensor> out = engine.run(graph, inputs);
            for (Map.Entry<String, Object> exp : map(run, "outputs").entrySet()) {
                report.append(compare(graph.key() + "." + exp.getKey(), exp.getKey(),
                        load(exp.getValue().toString()), out.get(exp.getKey()), report));
            }
        }
        for (Graph graph : graphs()) {   // a support's hr_features feed no graph, so one run may omit them
            assertEquals(names(graph.outputs(spec)), recorded.get(graph), graph.key()
                    + ": the runs together record every contract output for this model.json");
        }
        System.out.print(report);
    }

    /**
     * The engine's own path (embed a target, decode it with a recorded prompt) reproduces the recorded target
     * embedding, hr features and logits: the decoder is fed the target's hr features, not some other image's.
     */
    @Test
    void theEngineEncodesAndDecodesTheRecordedTargetLikePyTorch() throws Exception {
        ModelSpec spec = engine.model().spec();
        Map<String, Object> encodeTarget = runs().stream().filter(r -> graph(r) == Graph.IMAGE_ENCODER)
                .filter(r -> shape(map(r, "inputs").get("image").toString())[0] == 1).findFirst().orElseThrow();
        Map<String, Object> decode = runs().stream().filter(r -> graph(r) == Graph.MASK_DECODER).findFirst()
                .orElseThrow();
        Tensor image = load(map(encodeTarget, "inputs").get("image").toString());
        int s = spec.inputSize();
        ImageEmbedding target = engine.embed(new PreparedImage(image.data(), Geometry.fit(s, s, s), "parity-target"));
        StringBuilder report = new StringBuilder();
        report.append(compare("embed().embedding", "embedding",
                load(map(encodeTarget, "outputs").get("embedding").toString()), target.embedding(), report));
        assertEquals(spec.hasHrFeatures(), target.hasHrFeatures());
        if (spec.hasHrFeatures()) {
            report.append(compare("embed().hrFeatures", Graph.HR_FEATURES,
                    load(map(encodeTarget, "outputs").get(Graph.HR_FEATURES).toString()), target.hrFeatures(), report));
        }
        InferenceEngine.Decoded decoded = engine.decode(target, load(map(decode, "inputs").get("proxy_prompt")
                .toString()));
        report.append(compare("decode().logits", "mask_logits",
                load(map(decode, "outputs").get("mask_logits").toString()), decoded.logits(), report));
        System.out.print(report);
    }

    private static String compare(String what, String port, Tensor expected, Tensor actual, StringBuilder report) {
        assertNotNull(actual, what + " was not returned");
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        double maxAbs = 0;
        double scale = 1;
        for (int i = 0; i < expected.data().length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(expected.data()[i] - actual.data()[i]));
            scale = Math.max(scale, Math.abs(expected.data()[i]));
        }
        double tolerance = absoluteTolerance(port);
        if (tolerance <= 0) {
            tolerance = 1e-3 * scale;
        }
        String line = String.format(Locale.ROOT, "%s max|diff|=%.2e (tol %.1e)%n", what, maxAbs, tolerance);
        assertTrue(maxAbs <= tolerance, what + " differs from PyTorch by " + maxAbs + " > " + tolerance + "\n"
                + report + line);
        return line;
    }

    /** {@code tolerance.<port>_max_abs} from vectors.json (mask_logits: 1e-3 when absent), or 0 when it gives none. */
    @SuppressWarnings("unchecked")
    private static double absoluteTolerance(String port) {
        Object tol = manifest.get("tolerance") instanceof Map<?, ?> t ? ((Map<String, Object>) t)
                .get(port + "_max_abs") : null;
        if (tol instanceof Number n) {
            return n.doubleValue();
        }
        return port.equals("mask_logits") ? 1e-3 : 0;
    }

    private static Set<String> names(List<Graph.Port> ports) {
        Set<String> names = new HashSet<>();
        for (Graph.Port p : ports) {
            names.add(p.name());
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs() {
        return (List<Map<String, Object>>) manifest.get("runs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> run, String key) {
        return (Map<String, Object>) run.get(key);
    }

    private static Graph graph(Map<String, Object> run) {
        return Graph.valueOf(run.get("graph").toString().toUpperCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tensor(String name) {
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) manifest.get("tensors")).get(name);
        assertNotNull(t, "vectors.json lists no tensor '" + name + "'");
        return t;
    }

    @SuppressWarnings("unchecked")
    private static long[] shape(String name) {
        return ((List<Object>) tensor(name).get("shape")).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    private static Tensor load(String name) throws IOException {
        Map<String, Object> t = tensor(name);
        assertEquals("float32", t.get("dtype"), name);
        assertEquals("little", t.getOrDefault("byte_order", "little"), name);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(VECTORS.resolve(t.get("file").toString())))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[b.remaining() / 4];
        b.asFloatBuffer().get(data);
        return new Tensor(data, shape(name));
    }
}
