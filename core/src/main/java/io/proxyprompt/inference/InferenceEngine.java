package io.proxyprompt.inference;

import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.preprocess.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four contract graphs on one device with their caches: image embeddings with their high-resolution features
 * when the model has them (LRU, capped in bytes over both, keyed by model id + content hash) and support features
 * (keyed by the caller's support-set key). Thread-safe.
 */
public final class InferenceEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceEngine.class);

    private final ModelBundle model;
    private final OrtGraphs graphs;
    private final Preprocessor preprocessor;
    private final ByteCappedCache<ImageEmbedding> embeddings;
    private final ByteCappedCache<Tensor> supportFeatures;
    private final ByteCappedCache<Tensor> prompts;

    private InferenceEngine(ModelBundle model, OrtGraphs graphs, EngineSettings settings) {
        this.model = model;
        this.graphs = graphs;
        this.preprocessor = new Preprocessor(model.spec().inputSize(), model.spec().normalization());
        this.embeddings = new ByteCappedCache<>(settings.embeddingCacheBytes(), ImageEmbedding::bytes);
        this.supportFeatures = new ByteCappedCache<>(settings.supportCacheBytes(), Tensor::bytes);
        // proxy prompts are small (N x T x C floats); the support cap bounds them too
        this.prompts = new ByteCappedCache<>(settings.supportCacheBytes(), Tensor::bytes);
    }

    /**
     * Opens the model's graphs on the requested device (AUTO probes the real machine for an NVIDIA device).
     *
     * @throws ModelLoadException a graph cannot be loaded or breaks the contract (message names the file)
     * @throws DeviceException    CUDA was forced and cannot be used
     */
    public static InferenceEngine open(ModelBundle model, ExecutionDevice device, EngineSettings settings)
            throws ModelLoadException, DeviceException {
        return open(model, device, settings, NvidiaProbe.system());
    }

    /** As {@link #open(ModelBundle, ExecutionDevice, EngineSettings)} with an explicit GPU probe (for tests). */
    public static InferenceEngine open(ModelBundle model, ExecutionDevice device, EngineSettings settings,
                                       NvidiaProbe probe) throws ModelLoadException, DeviceException {
        long t0 = System.nanoTime();
        try {
            InferenceEngine engine = new InferenceEngine(model, OrtGraphs.open(model, device, settings, probe),
                    settings);
            LOG.info("Model {} {} ({}) from {} opened in {} ms on {} (requested {}); caches {} MB embeddings,"
                    + " {} MB support features", model.spec().name(), model.spec().version(), model.id(),
                    model.dir().toAbsolutePath(), (System.nanoTime() - t0) / 1_000_000, engine.device().describe(),
                    device, settings.embeddingCacheBytes() >> 20, settings.supportCacheBytes() >> 20);
            return engine;
        } catch (ModelLoadException | DeviceException e) {
            LOG.info("Model {} ({}) not opened on {}: {}", model.spec().name(), model.id(), device, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Model {} ({}) not opened on {}: the inference runtime failed", model.spec().name(),
                    model.id(), device, e);
            throw e;
        }
    }

    public ModelBundle model() {
        return model;
    }

    public DeviceInfo device() {
        return graphs.device();
    }

    /** The preprocessing this model needs (input size, normalisation). */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    private String embeddingKey(PreparedImage image) {
        return model.id() + ":" + image.contentKey();
    }

    /** The cached embedding of an image with this content key ({@link PreparedImage#contentKey()}), or null. */
    public ImageEmbedding cachedEmbedding(String contentKey) {
        return embeddings.get(model.id() + ":" + contentKey);
    }

    /** Whether the image's embedding is already cached (no encoder run needed). */
    public boolean hasEmbedding(PreparedImage image) {
        return embeddings.contains(embeddingKey(image));
    }

    /**
     * The image's {@code [1,C,h,w]} embedding (and {@code [1,hr,S/2,S/2]} features when the model has them), from
     * the cache or by running the image encoder once.
     */
    public ImageEmbedding embed(PreparedImage image) throws InferenceException {
        String key = embeddingKey(image);
        ImageEmbedding cached = embeddings.get(key);
        if (cached != null) {
            return cached;
        }
        ModelSpec spec = model.spec();
        int s = spec.inputSize();
        Map<String, Tensor> out = graphs.run(Graph.IMAGE_ENCODER, Map.of("image",
                new Tensor(image.tensor(), new long[] {1, 3, s, s})));
        Tensor embedding = out.get("embedding");
        expectShape(Graph.IMAGE_ENCODER, "embedding", embedding, 1, spec.embeddingChannels(),
                spec.embeddingSize(), spec.embeddingSize());
        Tensor hr = null;
        if (spec.hasHrFeatures()) {
            hr = out.get(Graph.HR_FEATURES);
            expectShape(Graph.IMAGE_ENCODER, Graph.HR_FEATURES, hr, 1, spec.hrFeatures().channels(),
                    spec.hrFeatures().size(), spec.hrFeatures().size());
        }
        ImageEmbedding result = new ImageEmbedding(embedding, hr);
        embeddings.put(key, result);
        return result;
    }

    /** The cached object features of a support set with this key ({@link #supportFeatures}), or null. */
    public Tensor cachedSupportFeatures(String key) {
        return supportFeatures.get(model.id() + ":" + key);
    }

    /**
     * Object features {@code [K,N,hw,C]} for a support set, from the cache or by one support encoder run.
     *
     * @param key        identifies the support images and masks (content hashes), the cache key
     * @param embeddings each support image's {@code [1,C,h,w]} embedding
     * @param images     the prepared support images
     * @param masks      per support, per object: an {@code S*S} {0,1} mask as {@link Preprocessor#prepareMask} makes
     */
    public Tensor supportFeatures(String key, List<Tensor> embeddings, List<PreparedImage> images,
                                  List<List<float[]>> masks) throws InferenceException {
        String fullKey = model.id() + ":" + key;
        Tensor cached = supportFeatures.get(fullKey);
        if (cached != null) {
            return cached;
        }
        int k = images.size();
        int n = masks.get(0).size();
        int s = model.spec().inputSize();
        float[] img = new float[k * 3 * s * s];
        float[] msk = new float[k * n * s * s];
        for (int i = 0; i < k; i++) {
            System.arraycopy(images.get(i).tensor(), 0, img, i * 3 * s * s, 3 * s * s);
            for (int j = 0; j < n; j++) {
                System.arraycopy(masks.get(i).get(j), 0, msk, (i * n + j) * s * s, s * s);
            }
        }
        Tensor out = graphs.run(Graph.SUPPORT_ENCODER, Map.of(
                "support_embedding", Tensor.stack(embeddings),
                "support_image", new Tensor(img, new long[] {k, 3, s, s}),
                "support_masks", new Tensor(msk, new long[] {k, n, s, s}))).get("object_features");
        int h = model.spec().embeddingSize();
        expectShape(Graph.SUPPORT_ENCODER, "object_features", out, k, n, (long) h * h,
                model.spec().embeddingChannels());
        supportFeatures.put(fullKey, out);
        return out;
    }

    /** Whether support features for this key are cached. */
    public boolean hasSupportFeatures(String key) {
        return supportFeatures.contains(model.id() + ":" + key);
    }

    /** The proxy prompt {@code [N,T,C]} for one target (CSM selective map + CCM). */
    public Tensor prompt(Tensor targetEmbedding, List<Tensor> supportEmbeddings, Tensor objectFeatures)
            throws InferenceException {
        Tensor out = graphs.run(Graph.PROMPT_GENERATOR, Map.of(
                "target_embedding", targetEmbedding,
                "support_embedding", Tensor.stack(supportEmbeddings),
                "object_features", objectFeatures)).get("proxy_prompt");
        expectShape(Graph.PROMPT_GENERATOR, "proxy_prompt", out, objectFeatures.dim(1), model.spec().promptTokens(),
                model.spec().embeddingChannels());
        return out;
    }

    /**
     * The proxy prompt as {@link #prompt(Tensor, List, Tensor)}, kept under {@code key} (target content + support
     * key) so that refining the target with clicks later runs only the mask decoder.
     */
    public Tensor prompt(String key, Tensor targetEmbedding, List<Tensor> supportEmbeddings, Tensor objectFeatures)
            throws InferenceException {
        String fullKey = model.id() + ":" + key;
        Tensor cached = prompts.get(fullKey);
        if (cached != null) {
            return cached;
        }
        Tensor out = prompt(targetEmbedding, supportEmbeddings, objectFeatures);
        prompts.put(fullKey, out);
        return out;
    }

    /** The cached proxy prompt under this key ({@link #prompt(String, Tensor, List, Tensor)}), or null. */
    public Tensor cachedPrompt(String key) {
        return prompts.get(model.id() + ":" + key);
    }

    /**
     * Whether this model has a click decoder ({@link Graph#CLICK_DECODER}, taking {@code point_coords} and
     * {@code point_labels}): a model from the click training of issue 21. The shipped models before it do not.
     */
    public boolean takesClicks() {
        return graphs.takesClicks();
    }

    /**
     * Logits {@code [N,1,m,m]} (m = {@link ModelSpec#maskSize()}, covering the padded square) and predicted IoU
     * {@code [N,1]} for one target from the mask decoder; the target's high-resolution features go in when the model
     * takes them.
     */
    public Decoded decode(ImageEmbedding target, Tensor prompt) throws InferenceException {
        return decode(target, prompt, null, null);
    }

    /**
     * As {@link #decode(ImageEmbedding, Tensor)} with clicks, by the click decoder: {@code pointCoords [N,P,2]}
     * (x, y in model-input pixels) and {@code pointLabels [N,P]} (1 positive, 0 negative, -1 padding); null points
     * run the plain mask decoder.
     *
     * @throws IllegalStateException this model has no click decoder ({@link #takesClicks()})
     */
    public Decoded decode(ImageEmbedding target, Tensor prompt, Tensor pointCoords, Tensor pointLabels)
            throws InferenceException {
        ModelSpec spec = model.spec();
        if (pointCoords != null && !takesClicks()) {
            throw new IllegalStateException(spec.name() + " takes no clicks (it has no "
                    + Graph.CLICK_DECODER.key() + " graph)");
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("target_embedding", target.embedding());
        if (spec.hasHrFeatures()) {
            if (!target.hasHrFeatures()) {
                throw new IllegalArgumentException("the target was encoded without hr_features but "
                        + spec.name() + " needs them");
            }
            inputs.put(Graph.TARGET_HR_FEATURES, target.hrFeatures());
        }
        inputs.put("proxy_prompt", prompt);
        if (pointCoords != null) {
            inputs.put(Graph.POINT_COORDS, pointCoords);
            inputs.put(Graph.POINT_LABELS, pointLabels);
        }
        Graph decoder = pointCoords != null ? Graph.CLICK_DECODER : Graph.MASK_DECODER;
        Map<String, Tensor> out = graphs.run(decoder, inputs);
        int m = spec.maskSize();
        expectShape(decoder, "mask_logits", out.get("mask_logits"), prompt.dim(0), 1, m, m);
        expectShape(decoder, "iou", out.get("iou"), prompt.dim(0), 1);
        return new Decoded(out.get("mask_logits"), out.get("iou").data());
    }

    /** Runs one graph directly on the given inputs (parity checks, benchmarks); no cache involved. */
    public Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) throws InferenceException {
        return graphs.run(graph, inputs);
    }

    /** Graph run counts and time so far. */
    public RunCounts counts() {
        return graphs.counts();
    }

    public ByteCappedCache<ImageEmbedding> embeddingCache() {
        return embeddings;
    }

    public ByteCappedCache<Tensor> supportCache() {
        return supportFeatures;
    }

    private static void expectShape(Graph g, String name, Tensor t, long... dims) throws InferenceException {
        if (!Arrays.equals(t.shape(), dims)) {
            throw new InferenceException(g.key() + ".onnx returned " + name + " of shape "
                    + Arrays.toString(t.shape()) + ", the contract needs " + Arrays.toString(dims)
                    + "; the graph is wrongly shaped - re-export the model");
        }
    }

    @Override
    public void close() {
        embeddings.clear();
        supportFeatures.clear();
        prompts.clear();
        graphs.close();
    }

    /**
     * The mask decoder's output for one target.
     *
     * @param logits {@code [N,1,m,m]}
     * @param iou    predicted IoU per object
     */
    public record Decoded(Tensor logits, float[] iou) { }
}
