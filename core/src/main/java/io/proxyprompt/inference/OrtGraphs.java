package io.proxyprompt.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One ONNX Runtime session per contract graph on the chosen device, checked against the contract's names, ranks
 * and fixed sizes when opened. Every tensor and result is closed as soon as its values are copied out.
 */
final class OrtGraphs implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final Map<Graph, OrtSession> sessions;
    private final DeviceInfo device;
    private final ModelSpec spec;
    private final boolean clicks;
    private final AtomicLongArray runs = new AtomicLongArray(Graph.values().length);
    private final AtomicLongArray nanos = new AtomicLongArray(Graph.values().length);

    private OrtGraphs(OrtEnvironment env, OrtSession.SessionOptions options, Map<Graph, OrtSession> sessions,
                      DeviceInfo device, ModelSpec spec) {
        this.env = env;
        this.spec = spec;
        this.clicks = sessions.containsKey(Graph.CLICK_DECODER);
        this.options = options;
        this.sessions = sessions;
        this.device = device;
    }

    static OrtGraphs open(ModelBundle model, ExecutionDevice requested, EngineSettings settings, NvidiaProbe probe)
            throws ModelLoadException, DeviceException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        Optional<Path> gpu = probe.found();
        String cpuName = "CPU (" + settings.intraOpThreads() + " threads)";
        switch (requested) {
            case CPU -> {
                return openCpu(env, model, settings, new DeviceInfo(cpuName, "cpu requested", false));
            }
            case CUDA -> {
                if (gpu.isEmpty()) {
                    throw new DeviceException("CUDA requested but no NVIDIA GPU was found (checked "
                            + probe.describeMarkers() + "); use --device auto or --device cpu");
                }
                if (!cudaBuild) {
                    throw new DeviceException("CUDA requested but this build ships the CPU-only ONNX Runtime;"
                            + " rebuild without -Dcpu (onnxruntime_gpu) or use --device cpu");
                }
                try {
                    return openOn(env, model, settings, true, new DeviceInfo("CUDA (GPU 0)",
                            "cuda requested; NVIDIA device at " + gpu.get(), true));
                } catch (CudaStartException e) {
                    throw new DeviceException("CUDA requested but ONNX Runtime could not start it: "
                            + e.getMessage() + "; install the CUDA 12 runtime and cuDNN 9, or use --device cpu", e);
                }
            }
            default -> {
                if (gpu.isEmpty()) {
                    return openCpu(env, model, settings, new DeviceInfo(cpuName,
                            "auto: no NVIDIA GPU found (" + probe.describeMarkers() + " absent), using CPU", false));
                }
                if (!cudaBuild) {
                    return openCpu(env, model, settings, new DeviceInfo(cpuName,
                            "auto: NVIDIA GPU present but this build's ONNX Runtime is CPU-only, using CPU", false));
                }
                try {
                    return openOn(env, model, settings, true, new DeviceInfo("CUDA (GPU 0)",
                            "auto: NVIDIA device at " + gpu.get() + ", CUDA started", true));
                } catch (CudaStartException e) {
                    return openCpu(env, model, settings, new DeviceInfo(cpuName,
                            "auto: CUDA could not start (" + e.getMessage() + "), using CPU", false));
                }
            }
        }
    }

    private static OrtGraphs openCpu(OrtEnvironment env, ModelBundle model, EngineSettings settings, DeviceInfo info)
            throws ModelLoadException {
        try {
            return openOn(env, model, settings, false, info);
        } catch (CudaStartException e) {
            throw new IllegalStateException("CUDA error on the CPU path", e);
        }
    }

    /** CUDA failed to initialise (provider library, driver, cuDNN): a device problem, not a model problem. */
    private static final class CudaStartException extends Exception {
        CudaStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static OrtGraphs openOn(OrtEnvironment env, ModelBundle model, EngineSettings settings, boolean cuda,
                                    DeviceInfo device) throws ModelLoadException, CudaStartException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        Map<Graph, OrtSession> sessions = new EnumMap<>(Graph.class);
        boolean ok = false;
        try {
            // Whole-graph fusions pay off because each graph runs many times; one operator at a time with all
            // cores inside it suits these sequential transformer graphs on a small CPU.
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setIntraOpNumThreads(settings.intraOpThreads());
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry("session.intra_op.allow_spinning", settings.spinning() ? "1" : "0");
            if (cuda) {
                try {
                    opts.addCUDA(0);
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    throw new CudaStartException(firstLine(e), e);
                }
            }
            for (Graph g : Graph.values()) {
                if (g.optional() && !model.hasGraph(g)) {
                    continue;
                }
                Path file = model.graphFile(g);
                OrtSession s;
                try {
                    s = env.createSession(file.toString(), opts);
                } catch (OrtException e) {
                    if (cuda && looksLikeCuda(e)) {
                        throw new CudaStartException(firstLine(e), e);
                    }
                    throw new ModelLoadException(file, "not a loadable ONNX graph (" + firstLine(e)
                            + "); the file is corrupt or from an incompatible exporter - re-export the model", e);
                }
                sessions.put(g, s);
                checkContract(g, s, file, model.spec());
            }
            ok = true;
            return new OrtGraphs(env, opts, sessions, device, model.spec());
        } catch (OrtException e) {
            throw new ModelLoadException(model.dir(), "ONNX Runtime could not be configured: " + firstLine(e), e);
        } finally {
            if (!ok) {
                for (OrtSession s : sessions.values()) {
                    closeQuietly(s);
                }
                opts.close();
            }
        }
    }

    private static boolean looksLikeCuda(OrtException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("cuda") || m.contains("cudnn") || m.contains("cublas") || m.contains("gpu");
    }

    private static void checkContract(Graph g, OrtSession s, Path file, ModelSpec spec) throws ModelLoadException,
            OrtException {
        Map<String, NodeInfo> inputs = s.getInputInfo();
        Map<String, NodeInfo> outputs = s.getOutputInfo();
        java.util.List<Graph.Port> want = g.inputs(spec);
        checkPorts(g, "input", inputs, want, file, spec);
        java.util.List<String> wanted = want.stream().map(Graph.Port::name).toList();
        for (String name : inputs.keySet()) {
            if (!wanted.contains(name)) {
                boolean point = name.equals(Graph.POINT_COORDS) || name.equals(Graph.POINT_LABELS);
                throw new ModelLoadException(file, "has an input '" + name + "' that the contract does not feed"
                        + " (expects " + wanted + ")" + (point ? "; a decoder that takes clicks belongs in "
                        + Graph.CLICK_DECODER.key() + ".onnx beside the plain mask decoder - re-export it with"
                        + " training/click_export.py" : undeclaredHr(name, spec)));
            }
        }
        if (!spec.hasHrFeatures() && outputs.containsKey(Graph.HR_FEATURES)) {
            throw new ModelLoadException(file, "has an output '" + Graph.HR_FEATURES + "'"
                    + undeclaredHr(Graph.HR_FEATURES, spec));
        }
        checkPorts(g, "output", outputs, g.outputs(spec), file, spec);
    }

    /** Why an hr port on a graph is a mismatch when model.json declares no hr_features. */
    private static String undeclaredHr(String port, ModelSpec spec) {
        if (spec.hasHrFeatures() || !(port.equals(Graph.HR_FEATURES) || port.equals(Graph.TARGET_HR_FEATURES))) {
            return "; the graph does not follow the ONNX contract in MODEL.md";
        }
        return " but model.json declares no \"hr_features\"; the graphs and model.json come from different"
                + " exports - re-export the model";
    }

    private static void checkPorts(Graph g, String kind, Map<String, NodeInfo> actual, java.util.List<Graph.Port> want,
                                   Path file, ModelSpec spec) throws ModelLoadException {
        for (Graph.Port port : want) {
            NodeInfo info = actual.get(port.name());
            if (info == null) {
                boolean hr = port.name().equals(Graph.HR_FEATURES) || port.name().equals(Graph.TARGET_HR_FEATURES);
                throw new ModelLoadException(file, "has no " + kind + " named '" + port.name() + "' (it has "
                        + actual.keySet() + ")" + (hr ? " although model.json declares \"hr_features\"; the graphs"
                        + " and model.json come from different exports - re-export the model"
                        : "; the graph does not follow the ONNX contract in MODEL.md"));
            }
            if (!(info.getInfo() instanceof TensorInfo ti) || ti.type != OnnxJavaType.FLOAT) {
                throw new ModelLoadException(file, kind + " '" + port.name() + "' must be a float32 tensor, is "
                        + info.getInfo());
            }
            long[] shape = ti.getShape();
            if (shape.length != port.rank()) {
                throw new ModelLoadException(file, kind + " '" + port.name() + "' has rank " + shape.length + " "
                        + Arrays.toString(shape) + ", the contract needs rank " + port.rank()
                        + "; the graph is wrongly shaped - re-export it");
            }
            long[] expect = expectedDims(port.name(), spec);
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] > 0 && expect[i] > 0 && shape[i] != expect[i]) {
                    throw new ModelLoadException(file, kind + " '" + port.name() + "' is " + Arrays.toString(shape)
                            + " but model.json implies " + Arrays.toString(expect) + " (-1 = any); the graph and "
                            + "model.json disagree - re-export the model");
                }
            }
        }
    }

    /** The fixed sizes the contract implies for a port (-1 where the axis is dynamic). */
    static long[] expectedDims(String port, ModelSpec spec) {
        long s = spec.inputSize();
        long c = spec.embeddingChannels();
        long h = spec.embeddingSize();
        long m = spec.maskSize();
        return switch (port) {
            case "image", "support_image" -> new long[] {-1, 3, s, s};
            case "embedding", "support_embedding", "target_embedding" -> new long[] {-1, c, h, h};
            case "support_masks" -> new long[] {-1, -1, s, s};
            case "object_features" -> new long[] {-1, -1, h * h, c};
            case "proxy_prompt" -> new long[] {-1, spec.promptTokens(), c};
            case "mask_logits" -> new long[] {-1, 1, m, m};
            case "iou" -> new long[] {-1, 1};
            case Graph.POINT_COORDS -> new long[] {-1, -1, 2};
            case Graph.POINT_LABELS -> new long[] {-1, -1};
            case Graph.HR_FEATURES, Graph.TARGET_HR_FEATURES -> new long[] {-1, spec.hrFeatures().channels(),
                    spec.hrFeatures().size(), spec.hrFeatures().size()};
            default -> throw new IllegalArgumentException(port);
        };
    }

    DeviceInfo device() {
        return device;
    }

    /** Whether the model has a click decoder (a click-trained model, issue 21). */
    boolean takesClicks() {
        return clicks;
    }

    /** Runs one graph on heap tensors and copies every contract output back to the heap. */
    Map<String, Tensor> run(Graph g, Map<String, Tensor> inputs) throws InferenceException {
        OrtSession session = sessions.get(g);
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                        e.getValue().shape()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feeds)) {
                for (Graph.Port port : g.outputs(spec)) {
                    Optional<OnnxValue> v = result.get(port.name());
                    if (v.isEmpty() || !(v.get() instanceof OnnxTensor t)) {
                        throw new InferenceException(g.key() + ".onnx returned no tensor '" + port.name() + "'");
                    }
                    long[] shape = t.getInfo().getShape();
                    FloatBuffer fb = t.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    out.put(port.name(), new Tensor(data, shape));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new InferenceException(g.key() + ".onnx failed on " + device.name() + ": " + firstLine(e), e);
        } finally {
            for (OnnxTensor t : feeds.values()) {
                t.close();
            }
            runs.incrementAndGet(g.ordinal());
            nanos.addAndGet(g.ordinal(), System.nanoTime() - t0);
        }
    }

    RunCounts counts() {
        long[] r = new long[runs.length()];
        long[] n = new long[nanos.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = runs.get(i);
            n[i] = nanos.get(i);
        }
        return new RunCounts(r, n);
    }

    @Override
    public void close() {
        for (OrtSession s : sessions.values()) {
            closeQuietly(s);
        }
        options.close();
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // closing a session only fails if it is already closed
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
