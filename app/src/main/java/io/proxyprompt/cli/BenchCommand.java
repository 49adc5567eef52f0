package io.proxyprompt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.InferenceEngine;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.inference.Tensor;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.application.BatchSegmentation;
import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentOptions;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench}: times the pipeline on generated fundus-like images and prints {@code name: value} lines
 * (medians over repeats, warm-up excluded), including the ORT/PyTorch ratio when Debian's PyTorch is installed.
 */
@CommandLine.Command(name = "bench",
        description = {"time encoder, support, per-target and object-switch steps on generated images", "",
            "Prints one 'name: value' line per figure: medians over R runs after warm-up, a batch of N generated"
                + " targets, memory peaks, and ort_over_pytorch when /usr/bin/python3 has torch"
                + " (training/bench_pytorch.py times the same model in PyTorch eager)."})
public final class BenchCommand extends CliCommand {

    static final String PYTHON = "/usr/bin/python3";
    private final ModelLocator models;

    public BenchCommand(ModelLocator models) {
        this.models = models;
    }

    @Override
    CliCommand copy() {
        return new BenchCommand(models);
    }

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--targets", paramLabel = "N", converter = OptionTypes.PositiveInt.class,
            description = "generated targets in the batch (default: 50)")
    int targets = 50;

    @Option(names = "--repeats", paramLabel = "R", converter = OptionTypes.PositiveInt.class,
            description = "timed runs per figure after warm-up; medians are printed (default: 7)")
    int repeats = 7;

    @Option(names = "--no-pytorch", negatable = false, description = "skip the PyTorch comparison")
    boolean noPytorch;

    @Override
    public Integer call() {
        boolean pytorch = !noPytorch;
        Path modelDir = models.resolve(modelOptions.model);
        EngineSettings settings = EngineSettings.defaults();
        try (FewShotSegmenter seg = new FewShotSegmenter(InferenceEngine.open(ModelBundle.load(modelDir),
                modelOptions.device, settings), SegmentOptions.defaults())) {
            Stages ort = measure(seg, targets, repeats, out);
            if (pytorch) {
                pytorchRatio(modelDir, repeats, settings.intraOpThreads(), ort, out, err);
            }
            return OK;
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("bench: " + e.getMessage());
            return MODEL_ERROR;
        }
    }

    /** Median milliseconds of the four graphs run directly (K=1, N=1), the figures compared with PyTorch. */
    record Stages(double encoder, double support, double prompt, double decoder) {
        double total() {
            return encoder + support + prompt + decoder;
        }
    }

    private static SupportSet support(SyntheticFundus.Sample s, Mask mask, String object) {
        return SupportSet.of(new SupportPair("support", s.image(), List.of(new ObjectMask(object, mask))));
    }

    private Stages measure(FewShotSegmenter seg, int targets, int repeats, PrintStream out)
            throws InferenceException {
        InferenceEngine engine = seg.engine();
        int w = 1024;
        int h = 680;
        SyntheticFundus.Sample supportImage = SyntheticFundus.make(w, h, 1);
        SupportSet disc = support(supportImage, supportImage.disc(), "disc");
        out.println("model: " + engine.model());
        out.println("device: " + engine.device().describe());
        out.println("image_size: " + w + "x" + h);
        out.println("repeats: " + repeats);

        PreparedImage prepared = engine.preprocessor().prepare(SyntheticFundus.make(w, h, 2).image());
        int s = engine.model().spec().inputSize();
        Tensor image = new Tensor(prepared.tensor(), new long[] {1, 3, s, s});
        Map<String, Tensor> encoded = engine.run(Graph.IMAGE_ENCODER, Map.of("image", image));
        Tensor emb = encoded.get("embedding");
        float[] maskPlane = engine.preprocessor().prepareMask(supportImage.disc());
        Map<String, Tensor> supportIn = Map.of("support_embedding", emb, "support_image", image,
                "support_masks", new Tensor(maskPlane, new long[] {1, 1, s, s}));
        Tensor features = engine.run(Graph.SUPPORT_ENCODER, supportIn).get("object_features");
        Map<String, Tensor> promptIn = Map.of("target_embedding", emb, "support_embedding", emb,
                "object_features", features);
        Tensor prompt = engine.run(Graph.PROMPT_GENERATOR, promptIn).get("proxy_prompt");
        Map<String, Tensor> decoderIn = new HashMap<>(Map.of("target_embedding", emb, "proxy_prompt", prompt));
        if (engine.model().spec().hasHrFeatures()) {
            // the extended contract: the decoder also takes the target's high-resolution features
            decoderIn.put(Graph.TARGET_HR_FEATURES, encoded.get(Graph.HR_FEATURES));
        }
        int warmup = 2;
        double[] enc = new double[repeats];
        double[] sup = new double[repeats];
        double[] pro = new double[repeats];
        double[] dec = new double[repeats];
        for (int i = -warmup; i < repeats; i++) {
            long t0 = System.nanoTime();
            engine.run(Graph.IMAGE_ENCODER, Map.of("image", image));
            long t1 = System.nanoTime();
            engine.run(Graph.SUPPORT_ENCODER, supportIn);
            long t2 = System.nanoTime();
            engine.run(Graph.PROMPT_GENERATOR, promptIn);
            long t3 = System.nanoTime();
            engine.run(Graph.MASK_DECODER, decoderIn);
            long t4 = System.nanoTime();
            if (i >= 0) {
                enc[i] = (t1 - t0) / 1e6;
                sup[i] = (t2 - t1) / 1e6;
                pro[i] = (t3 - t2) / 1e6;
                dec[i] = (t4 - t3) / 1e6;
            }
        }
        Stages stages = new Stages(median(enc), median(sup), median(pro), median(dec));
        line(out, "encoder_ms", stages.encoder());
        line(out, "support_ms", stages.support());
        line(out, "prompt_ms", stages.prompt());
        line(out, "decoder_ms", stages.decoder());
        line(out, "prompt_decoder_ms_per_target", median(sum(pro, dec)));

        // First pass: a target never seen (decode JPEG-free frame, preprocess, encode, prompt, decode, post-process).
        seg.segment(disc, "warm", SyntheticFundus.make(w, h, 3).image(), CancellationToken.never());
        double[] first = new double[repeats];
        List<SyntheticFundus.Sample> seen = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            SyntheticFundus.Sample t = SyntheticFundus.make(w, h, 100 + i);
            seen.add(t);
            long t0 = System.nanoTime();
            seg.segment(disc, "t" + i, t.image(), CancellationToken.never());
            first[i] = (System.nanoTime() - t0) / 1e6;
        }
        // Object switch on one target: a new mask on the same support, target already encoded.
        double[] single = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            SupportSet switched = support(supportImage, grown(supportImage.disc(), i + 1), "disc");
            long t0 = System.nanoTime();
            seg.segment(switched, "t" + i, seen.get(i).image(), CancellationToken.never());
            single[i] = (System.nanoTime() - t0) / 1e6;
        }
        double firstMs = median(first);
        line(out, "first_pass_ms", firstMs);
        line(out, "object_switch_one_target_ms", median(single));

        List<BatchTarget> batch = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            SyntheticFundus.Sample t = SyntheticFundus.make(w, h, 1000 + i);
            batch.add(new BatchTarget("b" + i, "b" + i, () -> List.of(t.image())));
        }
        BatchSegmentation loop = new BatchSegmentation(seg, QualityCheck.defaults(), AnatomicalRules.defaults());
        long b0 = System.nanoTime();
        BatchSummary result = loop.run(disc, batch, ProgressListener.NONE, CancellationToken.never(), o -> { });
        double seconds = (System.nanoTime() - b0) / 1e9;
        // Object switch over the batch: disc -> vessel on the same support image; one support-encoder run, then
        // prompt + decoder per already-encoded target (what a clinician waits for after swapping the mask).
        RunCounts beforeSwitch = engine.counts();
        long s0 = System.nanoTime();
        BatchSummary switchedBatch = loop.run(support(supportImage, supportImage.vessel(), "vessel"), batch,
                ProgressListener.NONE, CancellationToken.never(), o -> { });
        double switchMs = (System.nanoTime() - s0) / 1e6 / targets;
        if (switchedBatch.done() != targets) {
            throw new InferenceException("object switch batch lost " + switchedBatch.failed() + " target(s)");
        }
        line(out, "object_switch_ms", switchMs);
        // targets re-encoded because the embedding cache had dropped them (a batch larger than the cache)
        out.println("object_switch_encoder_runs: " + engine.counts().runsSince(beforeSwitch, Graph.IMAGE_ENCODER)
                + " of " + targets);
        out.println(String.format(Locale.ROOT, "switch_over_first: %.3f", switchMs / firstMs));
        out.println("batch_targets: " + result.done());
        out.println(String.format(Locale.ROOT, "batch_images_per_s: %.2f", targets / seconds));
        out.println(String.format(Locale.ROOT, "embedding_cache_mb: %.1f (peak %.1f, cap %.0f)",
                engine.embeddingCache().sizeBytes() / 1048576.0, engine.embeddingCache().peakBytes() / 1048576.0,
                engine.embeddingCache().capacityBytes() / 1048576.0));
        double heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        out.println(String.format(Locale.ROOT, "peak_heap_mb: %.1f", heapPeak / 1048576.0));
        long rssPeak = procStatusKb("VmHWM");
        if (rssPeak > 0) {
            // Native = what the process holds beyond the Java heap: ORT arenas and sessions, OpenCV, the JVM itself.
            long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            long rssNow = procStatusKb("VmRSS");
            out.println(String.format(Locale.ROOT, "peak_rss_mb: %.1f", rssPeak / 1024.0));
            out.println(String.format(Locale.ROOT, "native_mb: %.1f (RSS %.1f minus committed heap %.1f, at the end)",
                    Math.max(0, rssNow * 1024.0 - heapCommitted) / 1048576.0, rssNow / 1024.0,
                    heapCommitted / 1048576.0));
        }
        return stages;
    }

    private static Mask grown(Mask disc, int i) {
        Mask m = disc.copy();
        // a slightly different mask each time so the support-feature cache cannot answer
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (disc.get(x, y) && x + i < m.width()) {
                    m.set(x + i, y, true);
                }
            }
        }
        return m;
    }

    private void pytorchRatio(Path modelDir, int repeats, int threads, Stages ort, PrintStream out,
                              PrintStream err) {
        Path script = locateScript();
        if (script == null || !Files.isExecutable(Path.of(PYTHON))) {
            out.println("ort_over_pytorch: n/a (" + (script == null ? "training/bench_pytorch.py not found"
                    : PYTHON + " not installed") + ")");
            return;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, script.toString(), "--model", modelDir.toString(),
                    "--repeats", String.valueOf(repeats), "--k", "1", "--n", "1", "--threads",
                    String.valueOf(threads)).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] stdout = p.getInputStream().readAllBytes();
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String why = stderr.lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
                out.println("ort_over_pytorch: n/a (" + (why.contains("No module named 'torch'")
                        ? "PyTorch not installed for " + PYTHON : "bench_pytorch.py failed: " + why) + ")");
                return;
            }
            String json = new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                    .reduce((a, b) -> b).orElseThrow(() -> new IOException("no JSON line in its output"));
            JsonNode m = new ObjectMapper().readTree(json);
            Stages torch = new Stages(ms(m, Graph.IMAGE_ENCODER), ms(m, Graph.SUPPORT_ENCODER),
                    ms(m, Graph.PROMPT_GENERATOR), ms(m, Graph.MASK_DECODER));
            out.println(String.format(Locale.ROOT, "pytorch_stages_ms: encoder %.2f, support %.2f, prompt %.2f,"
                    + " decoder %.2f", torch.encoder(), torch.support(), torch.prompt(), torch.decoder()));
            line(out, "pytorch_total_ms", torch.total());
            line(out, "ort_total_ms", ort.total());
            out.println(String.format(Locale.ROOT, "ort_over_pytorch: %.3f", ort.total() / torch.total()));
        } catch (IOException | RuntimeException e) {
            out.println("ort_over_pytorch: n/a (" + e.getMessage() + ")");
            err.println("bench: PyTorch comparison failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("ort_over_pytorch: n/a (interrupted)");
        }
    }

    /** One stage's median from bench_pytorch.py's JSON line, keyed by the graph's name. */
    private static double ms(JsonNode line, Graph graph) {
        JsonNode v = line.path(graph.key());
        if (!v.isNumber()) {
            throw new IllegalArgumentException("bench_pytorch.py printed no number for " + graph.key());
        }
        return v.doubleValue();
    }

    private Path locateScript() {
        Path model = models.resolve(null).toAbsolutePath();
        List<Path> candidates = List.of(Path.of("training/bench_pytorch.py").toAbsolutePath(),
                model.getParent().getParent().resolve("training/bench_pytorch.py"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    private static long procStatusKb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the RSS lines are left out
        }
        return -1;
    }

    private static void line(PrintStream out, String name, double ms) {
        out.println(String.format(Locale.ROOT, "%s: %.2f", name, ms));
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }
}
