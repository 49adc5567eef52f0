package io.proxyprompt.inference;

/**
 * How the engine uses the machine.
 *
 * @param intraOpThreads     threads ONNX Runtime uses inside one operator (the cores we may take)
 * @param embeddingCacheBytes cap on cached image embeddings
 * @param supportCacheBytes   cap on cached support features
 */
public record EngineSettings(int intraOpThreads, long embeddingCacheBytes, long supportCacheBytes) {

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
        return new EngineSettings(intraOpThreads, mb << 20, supportCacheBytes);
    }

    public EngineSettings withThreads(int threads) {
        return new EngineSettings(threads, embeddingCacheBytes, supportCacheBytes);
    }
}
