package io.proxyprompt.inference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A cache capped by the summed weight (bytes) of its values, on Caffeine; thread-safe. Used for image embeddings
 * (keyed by model id + content hash) and support features (keyed by support set + masks). Caffeine keeps the
 * entries used most often (W-TinyLFU), so re-running a batch larger than the cap, as an object switch does, still
 * finds part of it; a plain LRU finds none (docs/engine.md has the measurements).
 */
public final class ByteCappedCache<V> {

    private final long capacityBytes;
    private final Cache<String, V> cache;
    private final Policy.Eviction<String, V> eviction;
    private final AtomicLong peakBytes = new AtomicLong();

    public ByteCappedCache(long capacityBytes, ToLongFunction<V> weigher) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacityBytes = capacityBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(capacityBytes)
                .weigher((String key, V value) -> (int) Math.min(Integer.MAX_VALUE, weigher.applyAsLong(value)))
                .executor(Runnable::run) // evict on the caller's thread, not a pool: the cap holds when put returns
                .recordStats()
                .build();
        this.eviction = cache.policy().eviction().orElseThrow();
    }

    /** The value for the key, counting a hit or a miss, or {@code null}. */
    public V get(String key) {
        return cache.getIfPresent(key);
    }

    /** Whether the key is cached, without counting it as a use or as a hit. */
    public boolean contains(String key) {
        return cache.asMap().containsKey(key);
    }

    /** Stores the value and evicts until the total fits the cap; a value larger than the cap is not kept. */
    public void put(String key, V value) {
        cache.put(key, value);
        cache.cleanUp();
        peakBytes.accumulateAndGet(eviction.weightedSize().orElse(0), Math::max);
    }

    public void clear() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    public int entries() {
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }

    public long sizeBytes() {
        cache.cleanUp();
        return eviction.weightedSize().orElse(0);
    }

    /** The largest total ever held, to show the cap held over a batch. */
    public long peakBytes() {
        return peakBytes.get();
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }
}
