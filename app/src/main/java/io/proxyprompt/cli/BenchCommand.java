package io.proxyprompt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.SampleSet;
import io.proxyprompt.application.SupportLoader;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.proxyprompt.cli.BenchFigures.line;
import static io.proxyprompt.cli.BenchFigures.median;

/**
 * {@code bench}: times the pipeline on generated fundus-like images and prints {@code name: value} lines
 * (medians over repeats, warm-up excluded), including the ORT/PyTorch ratio when Debian's PyTorch is installed;
 * with {@code --images DIR} it times the command line's whole path on real photographs instead ({@link PhotoBench}).
 */
@CommandLine.Command(name = "bench",
        description = {"time encoder, support, per-target and object-switch steps on generated images", "",
            "Prints one 'name: value' line per figure: medians over R runs after warm-up, a batch of N generated"
                + " targets, memory peaks, and ort_over_pytorch when /usr/bin/python3 has torch"
                + " (training/bench_pytorch.py times the same model in PyTorch eager).",
            "With --images DIR: the command line's path on the photographs in DIR (the first N, default all;"
                + " R default 3): per-stage medians, images/s of the engine and of the whole path, and"
                + " end_to_end_over_engine. The support defaults to the bundled sample's disc and cup."})
public final class BenchCommand extends CliCommand {

    static final String PYTHON = "/usr/bin/python3";
    private final ModelLocator models;
    private final Images images;
    private final ExportService export;
    private final Supplier<Optional<SampleSet>> samples;

    /**
     * @param samples the bundled samples, whose disc and cup masks are the default support of {@code --images}
     */
    public BenchCommand(ModelLocator models, Images images, ExportService export,
                        Supplier<Optional<SampleSet>> samples) {
        this.models = models;
        this.images = images;
        this.export = export;
        this.samples = samples;
    }

    @Override
    CliCommand copy() {
        return new BenchCommand(models, images, export, samples);
    }

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--targets", paramLabel = "N", converter = OptionTypes.PositiveInt.class,
            description = "generated targets in the batch (default: 50); with --images, the first N photographs"
                    + " (default: all)")
    Integer targets;

    @Option(names = "--repeats", paramLabel = "R", converter = OptionTypes.PositiveInt.class,
            description = "timed runs per figure after warm-up; medians are printed (default: 7; 3 with --images)")
    Integer repeats;

    @Option(names = "--images", paramLabel = "DIR", description = "time the command line's path on these photographs")
    Path imageDir;

    @Option(names = "--support", paramLabel = "IMG",
            description = "with --images: the support image (default: the bundled sample fundus_1.jpg)")
    Path supportImage;

    @Option(names = "--mask", paramLabel = "NAME=PNG", description = "with --images: a mask of --support (repeatable)")
    List<String> maskSpecs = new ArrayList<>();

    @Option(names = "--no-pytorch", negatable = false, description = "skip the PyTorch comparison")
    boolean noPytorch;

    @Override
    public Integer call() {
        boolean pytorch = !noPytorch;
        Path modelDir = models.resolve(modelOptions.model);
        if (imageDir != null) {
            return photographs(modelDir);
        }
        if (supportImage != null || !maskSpecs.isEmpty()) {
            err.println("bench: --support and --mask go with --images DIR (see bench --help)");
            return BAD_INPUT;
        }
        int repeatCount = repeats == null ? 7 : repeats;
        EngineSettings settings = EngineSettings.defaults();
        try (FewShotSegmenter seg = new FewShotSegmenter(InferenceEngine.open(ModelBundle.load(modelDir),
                modelOptions.device, settings), SegmentOptions.defaults())) {
            Stages ort = measure(seg, targets == null ? 50 : targets, repeatCount, out);
            if (pytorch) {
                pytorchRatio(modelDir, repeatCount, settings.intraOpThreads(), ort, out, err);
            }
            return OK;
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("bench: " + e.getMessage());
            return MODEL_ERROR;
        }
    }

    private int photographs(Path modelDir) {
        SupportSet support;
        List<Path> files;
        try {
            Map<String, Path> masks = new LinkedHashMap<>();
            for (String spec : maskSpecs) {
                String[] nameFile = spec.split("=", 2);
                if (nameFile.length != 2 || nameFile[0].isEmpty() || nameFile[1].isEmpty()) {
                    throw new IOException("--mask " + spec + ": write it as NAME=PNG, e.g. disc=disc.png");
                }
                masks.put(nameFile[0], Path.of(nameFile[1]));
            }
            SupportLoader.PairFiles pair;
            if (supportImage != null) {
                pair = new SupportLoader.PairFiles(supportImage, masks);
            } else {
                SampleSet s = samples.get().orElseThrow(() -> new IOException("no bundled samples found for the"
                        + " default support; give --support IMG --mask NAME=PNG"));
                Map<String, Path> sampleMasks = new LinkedHashMap<>();
                sampleMasks.put("disc", s.discMask());
                sampleMasks.put("cup", s.cupMask());
                pair = new SupportLoader.PairFiles(s.supportImage(), sampleMasks);
            }
            support = new SupportLoader(images).load(List.of(pair));
            files = images.expand(imageDir);
            if (targets != null && targets < files.size()) {
                files = files.subList(0, targets);
            }
            if (files.isEmpty()) {
                throw new IOException(imageDir + ": no image in this folder; name a folder of photographs");
            }
        } catch (ImageLoadException | IOException | RuntimeException e) {
            err.println("bench: " + e.getMessage());
            return BAD_INPUT;
        }
        ModelSegmentation.Settings settings = ModelSegmentation.Settings.defaults().withDevice(modelOptions.device);
        try (ModelSegmentation engine = ModelSegmentation.open(modelDir, settings)) {
            new PhotoBench(images, export).run(engine, support, files, repeats == null ? 3 : repeats, out);
            return OK;
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("bench: " + e.getMessage());
            return MODEL_ERROR;
        } catch (ImageLoadException | IOException e) {
            err.println("bench: " + e.getMessage());
            return BAD_INPUT;
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
        BenchFigures.clicks(seg, disc, seen.get(0).image(), repeats, out);

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
        BenchFigures.memory(out);
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

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
