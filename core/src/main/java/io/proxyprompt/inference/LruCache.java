package io.proxyprompt.inference;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map capped by the summed weight (bytes) of its values; thread-safe. Used for image
 * embeddings (keyed by model id + content hash) and support features (keyed by support set + masks).
 */
public final class LruCache<V> {

    private final long capacityBytes;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<String, V> map = new LinkedHashMap<>(16, 0.75f, true);
    private long sizeBytes;
    private long hits;
    private long misses;
    private long peakBytes;

    public LruCache(long capacityBytes, ToLongFunction<V> weigher) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.capacityBytes = capacityBytes;
        this.weigher = weigher;
    }

    /** The value for the key, marking it recently used, or {@code null}. */
    public synchronized V get(String key) {
        V v = map.get(key);
        if (v == null) {
            misses++;
        } else {
            hits++;
        }
        return v;
    }

    /** Whether the key is cached, without touching its recency or the hit counters. */
    public synchronized boolean contains(String key) {
        return map.containsKey(key);
    }

    /** Stores the value, then evicts least-recently-used entries until the total fits; a value larger than the cap is not kept. */
    public synchronized void put(String key, V value) {
        long w = weigher.applyAsLong(value);
        V old = map.remove(key);
        if (old != null) {
            sizeBytes -= weigher.applyAsLong(old);
        }
        if (w > capacityBytes) {
            return;
        }
        map.put(key, value);
        sizeBytes += w;
        Iterator<Map.Entry<String, V>> it = map.entrySet().iterator();
        while (sizeBytes > capacityBytes && it.hasNext()) {
            Map.Entry<String, V> eldest = it.next();
            sizeBytes -= weigher.applyAsLong(eldest.getValue());
            it.remove();
        }
        peakBytes = Math.max(peakBytes, sizeBytes);
    }

    public synchronized void clear() {
        map.clear();
        sizeBytes = 0;
    }

    public synchronized int entries() {
        return map.size();
    }

    public synchronized long sizeBytes() {
        return sizeBytes;
    }

    /** The largest total ever held, to show the cap held over a batch. */
    public synchronized long peakBytes() {
        return peakBytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
