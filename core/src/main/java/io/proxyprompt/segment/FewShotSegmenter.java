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
        PreparedTarget prepared = prepareTarget(target);
        if (prepared.input() != null) {
            embed(prepared);
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
        EncodedSupport encoded = encodeSupport(support, cancel);
        return toMasks(targetName, infer(encoded, prepareTarget(target), cancel));
    }

    /**
     * The first stage of {@link #segment}: the support set encoded (once per batch; the caches answer when it was
     * encoded before).
     */
    public EncodedSupport encodeSupport(SupportSet support, CancellationToken cancel) throws InferenceException {
        return supports.prepare(support, cancel);
    }

    /**
     * The second stage, safe to run on another thread ahead of the graphs: the frame rendered, hashed and, unless
     * its embedding is cached, fitted into the model input.
     */
    public PreparedTarget prepareTarget(Frame frame) {
        long t0 = System.nanoTime();
        Preprocessor pre = engine.preprocessor();
        Geometry g = Geometry.fit(frame.width(), frame.height(), pre.inputSize());
        String key;
        synchronized (contentKeys) {
            key = contentKeys.get(frame);
        }
        if (key != null && engine.cachedEmbedding(key) != null) {
            return new PreparedTarget(frame, key, null, g, (System.nanoTime() - t0) / 1e6);
        }
        byte[] rgb = FrameRenderer.rgb8View(frame);
        key = Preprocessor.contentKey(frame, rgb);
        PreparedImage input = engine.cachedEmbedding(key) != null ? null
                : pre.prepareRgb(rgb, frame.width(), frame.height(), key);
        synchronized (contentKeys) {
            contentKeys.put(frame, key);
        }
        return new PreparedTarget(frame, key, input, g, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * The third stage, the graphs: the target's embedding (cached, or one image-encoder run), the prompt generator
     * and the mask decoder.
     *
     * @throws InferenceException  a graph failed (message names it)
     * @throws CancelledException  the token was cancelled before the work finished
     */
    public TargetLogits infer(EncodedSupport support, PreparedTarget target, CancellationToken cancel)
            throws InferenceException {
        cancel.throwIfCancelled();
        long t0 = System.nanoTime();
        ImageEmbedding embedding = engine.cachedEmbedding(target.contentKey());
        boolean cached = embedding != null;
        double preprocessMs = target.preprocessMs();
        if (!cached) {
            if (target.input() == null) {
                // evicted since it was prepared: prepare it again
                target = prepareTarget(target.frame());
                preprocessMs += target.preprocessMs();
                t0 = System.nanoTime();
            }
            embedding = embed(target);
        }
        long t1 = System.nanoTime();
        cancel.throwIfCancelled();
        Tensor prompt = engine.prompt(promptKey(target.contentKey(), support), embedding.embedding(),
                support.embeddings(), support.features());
        long t2 = System.nanoTime();
        InferenceEngine.Decoded decoded = engine.decode(embedding, prompt);
        long t3 = System.nanoTime();
        return new TargetLogits(target, support, decoded, new SegmentationResult.Timings(preprocessMs,
                (t1 - t0) / 1e6, support.supportMs(), (t2 - t1) / 1e6, (t3 - t2) / 1e6, 0, cached));
    }

    /** The last stage: the logits as one mask per object at the frame's original size, cleaned up. */
    public SegmentationResult toMasks(String targetName, TargetLogits logits) {
        long t0 = System.nanoTime();
        List<SegmentationResult.ObjectResult> results = postprocess(logits.decoded(), logits.support().objects(),
                logits.target().geometry());
        return new SegmentationResult(targetName, logits.target().frame().origin(), results,
                logits.timings().withPostMs((System.nanoTime() - t0) / 1e6));
    }

    /** Why {@link #refine} is unavailable with this model, or null when it is available. */
    public String refineUnavailableReason() {
        return engine.takesClicks() ? null : REFINE_UNAVAILABLE;
    }

    /** What the user is told when the model's decoder takes no clicks. */
    public static final String REFINE_UNAVAILABLE = "this model has no click decoder: refining with clicks"
            + " needs a click-trained model (training/README.md, \"Click prompts\"); the brush still works";

    /**
     * One object of a target redrawn with clicks: only the mask decoder runs, on the target's cached embedding and
     * its cached proxy prompt for this support set (a cache miss, e.g. after an eviction, runs the graph that made
     * it once). Zero clicks give the automatic result. The mask is cleaned up as {@link #segment} does; the cup is
     * kept inside {@code container} when the options say so and it is given (may be null).
     *
     * @throws IllegalStateException this model takes no clicks ({@link #refineUnavailableReason()})
     * @throws InferenceException    a graph failed (message names it)
     */
    public SegmentationResult.ObjectResult refine(EncodedSupport support, Frame target, String object,
                                                  List<Click> clicks, Mask container, CancellationToken cancel)
            throws InferenceException {
        if (!engine.takesClicks()) {
            throw new IllegalStateException(REFINE_UNAVAILABLE);
        }
        int n = support.objects().indexOf(object);
        if (n < 0) {
            throw new IllegalArgumentException("the support set has no object " + object + " (it has "
                    + support.objects() + ")");
        }
        cancel.throwIfCancelled();
        PreparedTarget prepared = prepareTarget(target);
        ImageEmbedding embedding = engine.cachedEmbedding(prepared.contentKey());
        if (embedding == null) {
            embedding = embed(prepared.input() != null ? prepared : prepareTarget(target));
        }
        Tensor prompt = engine.prompt(promptKey(prepared.contentKey(), support), embedding.embedding(),
                support.embeddings(), support.features());
        cancel.throwIfCancelled();
        Geometry g = prepared.geometry();
        // no click: the plain mask decoder, so the mask is exactly the automatic one
        InferenceEngine.Decoded decoded = clicks.isEmpty() ? engine.decode(embedding, row(prompt, n))
                : engine.decode(embedding, row(prompt, n), ClickTensors.coords(clicks, g), ClickTensors.labels(clicks));
        Mask mask = cleaned(decoded.logits().data(), 0, object, g);
        long clipped = 0;
        String outer = options.keepInside().get(object);
        if (container != null && outer != null) {
            Mask kept = MaskOps.keepInside(mask, container);
            clipped = mask.area() - kept.area();
            mask = kept;
        }
        return new SegmentationResult.ObjectResult(object, mask, decoded.iou()[0], clipped);
    }

    private static String promptKey(String targetKey, EncodedSupport support) {
        return targetKey + "|" + support.key();
    }

    /** Row n of an {@code [N,T,C]} prompt as {@code [1,T,C]}. */
    private static Tensor row(Tensor prompt, int n) {
        int each = (int) (prompt.dim(1) * prompt.dim(2));
        float[] one = new float[each];
        System.arraycopy(prompt.data(), n * each, one, 0, each);
        return new Tensor(one, new long[] {1, prompt.dim(1), prompt.dim(2)});
    }

    private ImageEmbedding embed(PreparedTarget target) throws InferenceException {
        ImageEmbedding embedding = engine.embed(target.input());
        synchronized (contentKeys) {
            contentKeys.put(target.frame(), target.contentKey());
        }
        return embedding;
    }

    private List<SegmentationResult.ObjectResult> postprocess(InferenceEngine.Decoded decoded, List<String> objects,
                                                              Geometry g) {
        int m = engine.model().spec().maskSize();
        Map<String, Mask> masks = new LinkedHashMap<>();
        for (int n = 0; n < objects.size(); n++) {
            masks.put(objects.get(n), cleaned(decoded.logits().data(), n * m * m, objects.get(n), g));
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

    /** One object's logits (at {@code offset}) as a mask at the original size, holes and specks cleaned. */
    private Mask cleaned(float[] logits, int offset, String object, Geometry g) {
        int m = engine.model().spec().maskSize();
        Mask mask = LogitMasks.toMask(logits, offset, m, g, options.threshold());
        long minArea = (long) Math.ceil(options.minComponentFraction() * g.originalWidth() * g.originalHeight());
        boolean fill = options.fillHolesIn().contains(object);
        return fill || minArea > 1 ? MaskOps.cleaned(mask, fill, minArea) : mask;
    }

    @Override
    public void close() {
        engine.close();
    }
}
