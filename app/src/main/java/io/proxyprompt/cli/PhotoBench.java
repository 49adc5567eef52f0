package io.proxyprompt.cli;

import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.application.Measurements;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.QueuedExportWriter;
import io.proxyprompt.application.TargetNames;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.TurboJpeg;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.InferenceEngine;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.segment.EncodedSupport;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.PreparedTarget;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.segment.TargetLogits;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench --images DIR}: times every stage of the command line's path on real photographs and compares the
 * path's throughput with the engine's. Each repeat runs two passes over the same images with empty caches: a
 * stage pass (one stage after the other, each timed: decode, preprocess, the graphs, post-processing to full size,
 * the field of view, quality checks, measurements, writing the masks) and an end-to-end pass (exactly what
 * {@code segment} runs, from the files to the written masks and table). The engine's rate is the images per second of the graphs alone in the
 * stage pass; {@code end_to_end_over_engine} is the end-to-end rate over it, per repeat, so both sides of each
 * ratio see the same machine load. The process CPU time per image of the graphs (stage pass) and of the whole path
 * are printed too: their ratio says how much work the path adds whatever else the machine is running.
 */
final class PhotoBench {

    private static final List<String> STAGES = List.of("decode", "preprocess", "encoder", "prompt", "decoder",
            "postprocess", "field_of_view", "quality_and_rules", "measurements", "write_masks");

    private final Images images;
    private final ExportService export;

    PhotoBench(Images images, ExportService export) {
        this.images = images;
        this.export = export;
    }

    /** Runs the bench on {@code files} and prints its figures. */
    void run(ModelSegmentation engine, SupportSet support, List<Path> files, int repeats, PrintStream out)
            throws InferenceException, ImageLoadException, IOException {
        FewShotSegmenter seg = engine.segmenter();
        out.println("model: " + seg.engine().model());
        out.println("device: " + seg.device().describe());
        out.println("jpeg_decoder: " + TurboJpeg.describeJpegDecoder());
        out.println(String.format(Locale.ROOT, "startup_ms: %d (JVM start to model open)",
                ManagementFactory.getRuntimeMXBean().getUptime()));
        out.println("images: " + files.size() + " (" + sizes(files) + ")");
        out.println("support: " + support.pairs().get(0).name() + " " + support.objectNames());
        out.println("repeats: " + repeats);
        out.println("load_before: " + BenchFigures.load());
        List<String> names = TargetNames.forFiles(files);
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            targets.add(BatchTarget.file(names.get(i), names.get(i), files.get(i), images));
        }
        stagePass(engine, support, targets.subList(0, Math.min(2, targets.size())), new LinkedHashMap<>(),
                new ArrayList<>());
        Map<String, List<Double>> stages = new LinkedHashMap<>();
        STAGES.forEach(s -> stages.put(s, new ArrayList<>()));
        stages.put("support", new ArrayList<>());
        double[] engineRate = new double[repeats];
        double[] endToEnd = new double[repeats];
        double[] ratio = new double[repeats];
        double[] engineCpu = new double[repeats];
        double[] endToEndCpu = new double[repeats];
        List<Mask> sampleMasks = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            double[] graphs = stagePass(engine, support, targets, stages, r == 0 ? sampleMasks : new ArrayList<>());
            engineRate[r] = targets.size() / graphs[0];
            engineCpu[r] = graphs[1] * 1000 / targets.size();
            long c0 = cpuNanos();
            endToEnd[r] = targets.size() / endToEndPass(engine, support, targets);
            endToEndCpu[r] = (cpuNanos() - c0) / 1e6 / targets.size();
            ratio[r] = endToEnd[r] / engineRate[r];
        }
        for (String s : stages.keySet()) {
            BenchFigures.line(out, s + "_ms", BenchFigures.median(stages.get(s).stream()
                    .mapToDouble(Double::doubleValue).toArray()));
        }
        BenchFigures.line(out, "engine_images_per_s", BenchFigures.median(engineRate));
        BenchFigures.line(out, "end_to_end_images_per_s", BenchFigures.median(endToEnd));
        out.println(String.format(Locale.ROOT, "end_to_end_over_engine: %.3f (per repeat %s)",
                BenchFigures.median(ratio), join(ratio)));
        BenchFigures.line(out, "engine_cpu_ms_per_image", BenchFigures.median(engineCpu));
        BenchFigures.line(out, "end_to_end_cpu_ms_per_image", BenchFigures.median(endToEndCpu));
        pngLevels(sampleMasks, out);
        out.println("load_after: " + BenchFigures.load());
        BenchFigures.memory(out);
    }

    /**
     * One stage after the other over every target, each stage timed.
     *
     * @return seconds spent in the graphs (image encoder, prompt generator, mask decoder) and the process CPU
     *         seconds used meanwhile
     */
    private double[] stagePass(ModelSegmentation engine, SupportSet support, List<BatchTarget> targets,
                             Map<String, List<Double>> stages, List<Mask> keep) throws InferenceException, ImageLoadException,
            IOException {
        FewShotSegmenter seg = engine.segmenter();
        clearCaches(seg.engine());
        QualityCheck quality = QualityCheck.defaults();
        AnatomicalRules rules = AnatomicalRules.defaults();
        QualityCheck.SupportAreas areas = quality.supportAreas(support);
        Path dir = Files.createTempDirectory("proxyprompt-bench");
        double graphsMs = 0;
        long graphsCpu = 0;
        try {
            EncodedSupport encoded = seg.encodeSupport(support, CancellationToken.never());
            add(stages, "support", encoded.supportMs());
            for (BatchTarget target : targets) {
                long t0 = System.nanoTime();
                List<Frame> frames = target.source().frames();
                add(stages, "decode", ms(t0));
                for (Frame frame : frames) {
                    PreparedTarget prepared = seg.prepareTarget(frame);
                    long c0 = cpuNanos();
                    TargetLogits logits = seg.infer(encoded, prepared, CancellationToken.never());
                    graphsCpu += cpuNanos() - c0;
                    SegmentationResult raw = seg.toMasks(target.name(), logits);
                    SegmentationResult.Timings t = raw.timings();
                    add(stages, "preprocess", t.preprocessMs());
                    add(stages, "encoder", t.encoderMs());
                    add(stages, "prompt", t.promptMs());
                    add(stages, "decoder", t.decoderMs());
                    add(stages, "postprocess", t.postMs());
                    graphsMs += t.encoderMs() + t.promptMs() + t.decoderMs();
                    long f0 = System.nanoTime();
                    FieldOfView fov = frame.channels() == 3 ? QualityCheck.photographFieldOfView(frame) : null;
                    add(stages, "field_of_view", ms(f0));
                    long q0 = System.nanoTime();
                    quality.check(raw, frame, areas, () -> fov == null ? QualityCheck.fieldOfView(frame)
                            : QualityCheck.withEdge(fov));
                    Map<String, Mask> masks = rules.apply(raw.masks());
                    add(stages, "quality_and_rules", ms(q0));
                    long m0 = System.nanoTime();
                    Measurements.of(masks, frame, rules, rules, fov);
                    add(stages, "measurements", ms(m0));
                    long w0 = System.nanoTime();
                    for (Map.Entry<String, Mask> e : masks.entrySet()) {
                        MaskFiles.write(dir.resolve(target.name() + "_" + e.getKey() + ".png"), e.getValue(),
                                AtomicFiles.Existing.REPLACE);
                    }
                    add(stages, "write_masks", ms(w0));
                    if (keep.size() < 6) {
                        keep.addAll(masks.values());
                    }
                }
            }
        } finally {
            delete(dir);
        }
        return new double[] {graphsMs / 1000, graphsCpu / 1e9};
    }

    /** CPU time of the whole process (every thread, ONNX Runtime's included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * What {@code segment} runs (the same batch loop and queued writer), from the files to the written masks and
     * table; returns the seconds it took.
     */
    private double endToEndPass(ModelSegmentation engine, SupportSet support, List<BatchTarget> targets)
            throws InferenceException, IOException {
        clearCaches(engine.segmenter().engine());
        Path dir = Files.createTempDirectory("proxyprompt-bench");
        try {
            ExportPlan plan = new ExportPlan(dir, EnumSet.of(ExportFormat.PNG, ExportFormat.CSV),
                    List.of(new ExportPlan.LabelGroup("support", support.objectNames())), engine.model().name(),
                    engine.model().version());
            long t0 = System.nanoTime();
            List<String> problems = new ArrayList<>();
            BatchSummary summary;
            try (QueuedExportWriter writer = new QueuedExportWriter(export.open(plan, AtomicFiles.Existing.REFUSE),
                    2)) {
                summary = engine.run(support, targets, ProgressListener.NONE, CancellationToken.never(), outcome -> {
                    if (outcome instanceof FrameOutcome.Failed f) {
                        problems.add(f.message());
                    } else {
                        writer.write(ExportItem.of((FrameOutcome.Segmented) outcome));
                    }
                });
                writer.finish();
                writer.failures().forEach(f -> problems.add(f.target() + ": " + f.error()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (summary.failed() > 0 || !problems.isEmpty()) {
                throw new IOException("the end-to-end pass lost targets: " + problems);
            }
            return seconds;
        } finally {
            delete(dir);
        }
    }

    /**
     * Size and encoding time of the kept masks with the run coder that masks are written with, and at every zlib
     * level for comparison.
     */
    private static void pngLevels(List<Mask> masks, PrintStream out) {
        for (int level = -1; level <= 9; level++) {
            double[] ms = new double[3];
            long bytes = 0;
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                for (Mask m : masks) {
                    byte[] png = level < 0 ? MaskFiles.encodePng(m.width(), m.height(), m.data())
                            : MaskFiles.encodePng(m.width(), m.height(), m.data(), level);
                    bytes += r == 0 ? png.length : 0;
                }
                ms[r] = ms(t0) / Math.max(1, masks.size());
            }
            out.println(String.format(Locale.ROOT, "%s: %.1f KB, %.2f ms per mask%s",
                    level < 0 ? "png_runs" : "png_level_" + level, bytes / 1024.0 / Math.max(1, masks.size()),
                    BenchFigures.median(ms), level < 0 ? " (the encoder written)" : ""));
        }
    }

    private static void clearCaches(InferenceEngine engine) {
        engine.embeddingCache().clear();
        engine.supportCache().clear();
    }

    private static void add(Map<String, List<Double>> stages, String stage, double ms) {
        stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(ms);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private String sizes(List<Path> files) throws ImageLoadException {
        double[] mp = new double[files.size()];
        String smallest = null;
        String largest = null;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int i = 0; i < files.size(); i++) {
            Frame f = images.openFrame(files.get(i));
            mp[i] = f.width() * (double) f.height() / 1e6;
            if (mp[i] < lo) {
                lo = mp[i];
                smallest = f.width() + "x" + f.height();
            }
            if (mp[i] > hi) {
                hi = mp[i];
                largest = f.width() + "x" + f.height();
            }
        }
        return String.format(Locale.ROOT, "%s to %s, median %.2f MP", smallest, largest, BenchFigures.median(mp));
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return sb.toString();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
