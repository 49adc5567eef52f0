package io.proxyprompt.inference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped model on ONNX Runtime Java reproduces the PyTorch outputs recorded by training/export.py
 * (src/test/resources/model-vectors): logits within 1e-3, other tensors within 1e-3 relative to their scale.
 */
class ParityTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));
    static final Path VECTORS = REPO.resolve("src/test/resources/model-vectors");
    static final Path MODEL = REPO.resolve(ModelBundle.DEFAULT_MODEL);

    static InferenceEngine engine;
    static Map<String, Object> manifest;

    @BeforeAll
    static void open() throws Exception {
        manifest = Json.parseObject(Files.readString(VECTORS.resolve("vectors.json")));
        engine = InferenceEngine.open(ModelBundle.load(MODEL), ExecutionDevice.CPU, EngineSettings.defaults());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void vectorsWereMadeFromTheShippedGraphs() {
        Map<String, Object> shas = (Map<String, Object>) manifest.get("graphs_sha256");
        for (Graph g : Graph.values()) {
            assertEquals(engine.model().spec().files().get(g.key()).sha256(), shas.get(g.key()),
                    "vectors.json and models/ disagree on " + g.key() + ": re-export both together");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGraphMatchesPyTorch() throws Exception {
        Map<String, Object> tensors = (Map<String, Object>) manifest.get("tensors");
        List<Object> runs = (List<Object>) manifest.get("runs");
        assertTrue(runs.size() >= 4, "vectors.json lists runs of all four graphs");
        StringBuilder report = new StringBuilder();
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            Graph graph = Graph.valueOf(run.get("graph").toString().toUpperCase(java.util.Locale.ROOT));
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, Object> in : ((Map<String, Object>) run.get("inputs")).entrySet()) {
                inputs.put(in.getKey(), load(tensors, in.getValue().toString()));
            }
            Map<String, Tensor> out = engine.run(graph, inputs);
            for (Map.Entry<String, Object> exp : ((Map<String, Object>) run.get("outputs")).entrySet()) {
                Tensor expected = load(tensors, exp.getValue().toString());
                Tensor actual = out.get(exp.getKey());
                assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()),
                        graph.key() + "." + exp.getKey() + " shape");
                double maxAbs = 0;
                double scale = 1;
                for (int i = 0; i < expected.data().length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(expected.data()[i] - actual.data()[i]));
                    scale = Math.max(scale, Math.abs(expected.data()[i]));
                }
                double tolerance = exp.getKey().equals("mask_logits") ? 1e-3 : 1e-3 * scale;
                report.append(String.format("%s.%s max|diff|=%.2e (tol %.1e)%n", graph.key(), exp.getKey(), maxAbs,
                        tolerance));
                assertTrue(maxAbs <= tolerance, graph.key() + "." + exp.getKey() + " differs from PyTorch by "
                        + maxAbs + " > " + tolerance + "\n" + report);
            }
        }
        System.out.print(report);
    }

    @SuppressWarnings("unchecked")
    private static Tensor load(Map<String, Object> tensors, String name) throws IOException {
        Map<String, Object> t = (Map<String, Object>) tensors.get(name);
        List<Object> shapeJson = (List<Object>) t.get("shape");
        long[] shape = shapeJson.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        assertEquals("float32", t.get("dtype"));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(VECTORS.resolve(t.get("file").toString())))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[b.remaining() / 4];
        b.asFloatBuffer().get(data);
        return new Tensor(data, shape);
    }
}
