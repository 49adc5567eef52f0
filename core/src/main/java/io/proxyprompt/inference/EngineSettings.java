package io.proxyprompt.inference;

/**
 * How the engine uses the machine.
 *
 * @param intraOpThreads     threads ONNX Runtime uses inside one operator (the cores we may take)
 * @param embeddingCacheBytes cap on cached image embeddings
 * @param supportCacheBytes   cap on cached support features
 * @param spinning            whether ONNX Runtime's idle worker threads spin (keep their core) between operators;
 *                            off by default: spinning took the cores the batch's decoding, post-processing and
 *                            writing need, and on a shared machine it doubled the graphs' own time (docs/engine.md)
 */
public record EngineSettings(int intraOpThreads, long embeddingCacheBytes, long supportCacheBytes,
                             boolean spinning) {

    /** Settings with ONNX Runtime's spinning off. */
    public EngineSettings(int intraOpThreads, long embeddingCacheBytes, long supportCacheBytes) {
        this(intraOpThreads, embeddingCacheBytes, supportCacheBytes, false);
    }

    public EngineSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("need at least one thread");
        }
    }

    /** The default cap on cached image embeddings, in MB (the Preferences default too). */
    public static final int DEFAULT_EMBEDDING_CACHE_MB = 256;

    /** All cores (one operator at a time keeps CPU caches warm), 256 MB of embeddings, 64 MB of support features. */
    public static EngineSettings defaults() {
        return new EngineSettings(Math.max(1, Runtime.getRuntime().availableProcessors()),
                (long) DEFAULT_EMBEDDING_CACHE_MB << 20, 64L << 20);
    }

    public EngineSettings withEmbeddingCacheMb(long mb) {
        return new EngineSettings(intraOpThreads, mb << 20, supportCacheBytes, spinning);
    }

    public EngineSettings withThreads(int threads) {
        return new EngineSettings(threads, embeddingCacheBytes, supportCacheBytes, spinning);
    }

    public EngineSettings withSpinning(boolean spin) {
        return new EngineSettings(intraOpThreads, embeddingCacheBytes, supportCacheBytes, spin);
    }
}
