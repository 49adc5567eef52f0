import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ONNX Runtime try "reuse input and output tensors between runs" (docs/engine.md), measured on the shipped
 * graphs: per graph, runs alternate between the engine's way (heap arrays copied into new tensors for each run,
 * outputs copied back to the heap) and reuse (direct buffers allocated once and wrapped without a copy, outputs
 * written into pinned tensors allocated once). Prints the median wall and process-CPU milliseconds of each and
 * their ratios.
 *
 *   java -cp 'target/lib/*' tools/OrtTensorReuse.java models/proxyprompt-small [repeats]
 */
public final class OrtTensorReuse {

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "models/proxyprompt-small";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        opts.setInterOpNumThreads(1);
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
        Random rnd = new Random(0);
        for (String graph : List.of("image_encoder", "support_encoder", "prompt_generator", "mask_decoder")) {
            try (OrtSession s = env.createSession(dir + "/" + graph + ".onnx", opts)) {
                Map<String, float[]> heap = new HashMap<>();
                Map<String, long[]> shapes = new HashMap<>();
                Map<String, OnnxTensor> reused = new HashMap<>();
                Map<String, FloatBuffer> directs = new HashMap<>();
                for (Map.Entry<String, NodeInfo> in : s.getInputInfo().entrySet()) {
                    long[] shape = concrete(((TensorInfo) in.getValue().getInfo()).getShape());
                    float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) rnd.nextGaussian();
                    }
                    heap.put(in.getKey(), v);
                    shapes.put(in.getKey(), shape);
                    FloatBuffer direct = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    direct.put(v).rewind();
                    directs.put(in.getKey(), direct);
                    reused.put(in.getKey(), OnnxTensor.createTensor(env, direct, shape));
                }
                Map<String, OnnxValue> pinned = new HashMap<>();
                try (OrtSession.Result first = s.run(reused)) {
                    for (Map.Entry<String, OnnxValue> out : first) {
                        long[] shape = ((TensorInfo) out.getValue().getInfo()).getShape();
                        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                        pinned.put(out.getKey(), OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(4 * n)
                                .order(ByteOrder.nativeOrder()).asFloatBuffer(), shape));
                    }
                }
                List<Double> fresh = new ArrayList<>();
                List<Double> reuse = new ArrayList<>();
                List<Double> freshCpu = new ArrayList<>();
                List<Double> reuseCpu = new ArrayList<>();
                for (int r = 0; r < repeats + 2; r++) {
                    long c0 = cpu();
                    long t0 = System.nanoTime();
                    Map<String, OnnxTensor> feeds = new HashMap<>();
                    for (Map.Entry<String, float[]> e : heap.entrySet()) {
                        feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()),
                                shapes.get(e.getKey())));
                    }
                    try (OrtSession.Result res = s.run(feeds)) {
                        for (Map.Entry<String, OnnxValue> out : res) {
                            FloatBuffer fb = ((OnnxTensor) out.getValue()).getFloatBuffer();
                            fb.get(new float[fb.remaining()]);
                        }
                    }
                    feeds.values().forEach(OnnxTensor::close);
                    long t1 = System.nanoTime();
                    long c1 = cpu();
                    for (Map.Entry<String, float[]> e : heap.entrySet()) {
                        // the caller's new values go into the same direct buffer (what a reusing engine must do)
                        directs.get(e.getKey()).put(e.getValue()).rewind();
                    }
                    try (OrtSession.Result res = s.run(reused, pinned)) {
                        if (res.size() != pinned.size()) {
                            throw new IllegalStateException("outputs not pinned");
                        }
                    }
                    long t2 = System.nanoTime();
                    long c2 = cpu();
                    if (r >= 2) {
                        fresh.add((t1 - t0) / 1e6);
                        reuse.add((t2 - t1) / 1e6);
                        freshCpu.add((c1 - c0) / 1e6);
                        reuseCpu.add((c2 - c1) / 1e6);
                    }
                }
                double a = median(fresh);
                double b = median(reuse);
                double ac = median(freshCpu);
                double bc = median(reuseCpu);
                System.out.printf("%-17s copied %8.2f ms (cpu %8.2f)  reused %8.2f ms (cpu %8.2f)  reused/copied"
                        + " %.3f wall %.3f cpu%n", graph, a, ac, b, bc, b / a, bc / ac);
                reused.values().forEach(OnnxTensor::close);
                pinned.values().forEach(OnnxValue::close);
            }
        }
        opts.close();
    }

    /** CPU time of the whole process, ONNX Runtime's threads included. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long[] concrete(long[] shape) {
        long[] c = shape.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i] > 0 ? c[i] : 1;
        }
        return c;
    }

    private static double median(List<Double> v) {
        double[] c = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
