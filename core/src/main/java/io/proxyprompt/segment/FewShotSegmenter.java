package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.DeviceInfo;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ImageEmbedding;
import io.proxyprompt.inference.InferenceEngine;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.inference.Tensor;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.preprocess.Geometry;
import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.preprocess.Preprocessor;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Segments targets by example: a {@link SupportSet} (K images, N named object masks) in, one mask per object per
 * target out, at the target's original size. Image embeddings and support features are cached by the engine, so
 * switching the object (a new support mask) re-runs only the support encoder once and the cheap per-target graphs.
 */
public final class FewShotSegmenter implements AutoCloseable {

    private final InferenceEngine engine;
    private final SegmentOptions options;
    private final SupportPreparer supports;
    /** Content hash per frame already seen (frames hold their pixels by reference, so lookups are cheap). */
    private final Map<Frame, String> contentKeys = new WeakHashMap<>();

    /** Wraps an open engine; closing the segmenter closes it. */
    public FewShotSegmenter(InferenceEngine engine, SegmentOptions options) {
        this.engine = engine;
        this.options = options;
        this.supports = new SupportPreparer(engine);
    }

    /**
     * Loads the model folder and opens it on the device.
     *
     * @throws ModelLoadException missing, corrupt or mismatched model (message names the file)
     * @throws DeviceException    CUDA forced but unusable
     */
    public static FewShotSegmenter open(java.nio.file.Path modelDir, ExecutionDevice device, EngineSettings settings,
                                        SegmentOptions options) throws ModelLoadException, DeviceException {
        return new FewShotSegmenter(InferenceEngine.open(ModelBundle.load(modelDir), device, settings), options);
    }

    public DeviceInfo device() {
        return engine.device();
    }

    public InferenceEngine engine() {
        return engine;
    }

    public SegmentOptions options() {
        return options;
    }

    /**
     * Encodes a target ahead of time (e.g. when the user opens it) so that segmenting it later only runs the
     * per-target graphs. Does nothing when its embedding is already cached.
     */
    public void prefetch(Frame target) throws InferenceException {
        String key;
        synchronized (contentKeys) {
            key = contentKeys.get(target);
        }
        if (key != null && engine.cachedEmbedding(key) != null) {
            return;
        }
        PreparedImage prepared = engine.preprocessor().prepare(target);
        engine.embed(prepared);
        synchronized (contentKeys) {
            contentKeys.put(target, prepared.contentKey());
        }
    }

    /**
     * Segments one target frame.
     *
     * @throws InferenceException  a graph failed (message names it)
     * @throws CancelledException  the token was cancelled before the work finished
     */
    public SegmentationResult segment(SupportSet support, String targetName, Frame target, CancellationToken cancel)
            throws InferenceException {
        SupportPreparer.Prepared prepared = supports.prepare(support, cancel);
        return segmentFrame(prepared, support.objectNames(), targetName, target, cancel, prepared.supportMs());
    }

    private SegmentationResult segmentFrame(SupportPreparer.Prepared support, List<String> objects, String name,
                                            Frame frame, CancellationToken cancel, double supportMs)
            throws InferenceException {
        cancel.throwIfCancelled();
        Preprocessor pre = engine.preprocessor();
        long t0 = System.nanoTime();
        String key;
        synchronized (contentKeys) {
            key = contentKeys.get(frame);
        }
        ImageEmbedding embedding = key == null ? null : engine.cachedEmbedding(key);
        boolean cached = embedding != null;
        if (!cached) {
            byte[] rgb = FrameRenderer.toRgb8(frame);
            PreparedImage prepared = pre.prepareRgb(rgb, frame.width(), frame.height());
            embedding = engine.embed(prepared);
            synchronized (contentKeys) {
                contentKeys.put(frame, prepared.contentKey());
            }
        }
        Geometry g = Geometry.fit(frame.width(), frame.height(), pre.inputSize());
        long t1 = System.nanoTime();
        cancel.throwIfCancelled();
        Tensor prompt = engine.prompt(embedding.embedding(), support.embeddings(), support.features());
        long t2 = System.nanoTime();
        InferenceEngine.Decoded decoded = engine.decode(embedding, prompt);
        long t3 = System.nanoTime();
        List<SegmentationResult.ObjectResult> results = postprocess(decoded, objects, g);
        long t4 = System.nanoTime();
        return new SegmentationResult(name, frame.origin(), results, new SegmentationResult.Timings(
                (t1 - t0) / 1e6, supportMs, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, cached));
    }

    private List<SegmentationResult.ObjectResult> postprocess(InferenceEngine.Decoded decoded, List<String> objects,
                                                              Geometry g) {
        int m = engine.model().spec().maskSize();
        Map<String, Mask> masks = new LinkedHashMap<>();
        long minArea = (long) Math.ceil(options.minComponentFraction() * g.originalWidth() * g.originalHeight());
        for (int n = 0; n < objects.size(); n++) {
            Mask mask = LogitMasks.toMask(decoded.logits().data(), n * m * m, m, g, options.threshold());
            if (options.fillHolesIn().contains(objects.get(n))) {
                mask = MaskOps.fillHoles(mask);
            }
            if (minArea > 1) {
                mask = MaskOps.removeSmallComponents(mask, minArea);
            }
            masks.put(objects.get(n), mask);
        }
        Map<String, Long> clipped = new java.util.HashMap<>();
        for (Map.Entry<String, String> rule : options.keepInside().entrySet()) {
            Mask inner = masks.get(rule.getKey());
            Mask outer = masks.get(rule.getValue());
            if (inner != null && outer != null) {
                Mask kept = MaskOps.keepInside(inner, outer);
                clipped.put(rule.getKey(), inner.area() - kept.area());
                masks.put(rule.getKey(), kept);
            }
        }
        List<SegmentationResult.ObjectResult> results = new ArrayList<>();
        for (int n = 0; n < objects.size(); n++) {
            String o = objects.get(n);
            results.add(new SegmentationResult.ObjectResult(o, masks.get(o), decoded.iou()[n],
                    clipped.getOrDefault(o, 0L)));
        }
        return results;
    }

    @Override
    public void close() {
        engine.close();
    }
}
