package io.proxyprompt.inference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints {@code name: value} lines comparing {@link ByteCappedCache} (Caffeine, maximumWeight, weigher by bytes) with
 * the hand-written LRU it replaced ({@link FormerLru}, kept here as the baseline) on the
 * embedding cache's pattern: a few hundred target embeddings of 1-4 MB (the bundled model's are 4.8 MB) under the
 * engine's default 256 MB cap, a batch followed by object switches (the same targets again, in order), a reviewer
 * going back to targets from a second thread, and raw get/put cost from two threads. Values carry only their
 * weight: the caches never look inside. A miss costs one image-encoder run (hundreds of ms), so the hit ratio is
 * the figure that matters; the nanoseconds show the bookkeeping is negligible either way. Run it as docs/engine.md
 * says ({@code java ... io.proxyprompt.inference.CacheBench}).
 */
public final class CacheBench {

    private static final long CAP = (long) EngineSettings.DEFAULT_EMBEDDING_CACHE_MB << 20;

    /** A cached embedding as the caches see it: a key and a weight. */
    record Blob(int bytes) { }

    /** A cache under test: the two operations the engine uses. */
    record Subject(String name, Function<String, Blob> get, BiConsumer<String, Blob> put) { }

    static Subject formerLru() {
        FormerLru<Blob> c = new FormerLru<>(CAP, Blob::bytes);
        return new Subject("lru", c::get, c::put);
    }

    static Subject caffeine() {
        ByteCappedCache<Blob> c = new ByteCappedCache<>(CAP, Blob::bytes);
        return new Subject("caffeine", c::get, c::put);
    }

    private static List<Blob> sizes(int n, int minMb, int maxMb, long seed) {
        Random r = new Random(seed);
        List<Blob> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(new Blob((int) ((minMb + r.nextDouble() * (maxMb - minMb)) * (1 << 20))));
        }
        return b;
    }

    /** Get, and put on a miss (the encoder ran); true on a hit. */
    private static boolean touch(Subject s, int target, List<Blob> blobs) {
        String key = "model@1#enc:" + target;
        if (s.get().apply(key) != null) {
            return true;
        }
        s.put().accept(key, blobs.get(target));
        return false;
    }

    /** One thread: a batch over every target, then {@code switches} more passes in the same order. */
    static double batchThenSwitches(Subject s, List<Blob> blobs, int switches) {
        long hits = 0;
        long total = 0;
        for (int pass = 0; pass <= switches; pass++) {
            for (int t = 0; t < blobs.size(); t++) {
                if (pass > 0) { // the first pass cannot hit
                    hits += touch(s, t, blobs) ? 1 : 0;
                    total++;
                } else {
                    touch(s, t, blobs);
                }
            }
        }
        return (double) hits / total;
    }

    /** After one batch, the last {@code recent} targets are segmented again (a support tweak, then Segment selected). */
    static double recentAfterBatch(Subject s, List<Blob> blobs, int recent) {
        for (int t = 0; t < blobs.size(); t++) {
            touch(s, t, blobs);
        }
        long hits = 0;
        for (int t = blobs.size() - recent; t < blobs.size(); t++) {
            hits += touch(s, t, blobs) ? 1 : 0;
        }
        return (double) hits / recent;
    }

    /** Random review within a set of targets, after one pass has encoded them all. */
    static double review(Subject s, List<Blob> blobs, int accesses, long seed) {
        for (int t = 0; t < blobs.size(); t++) {
            touch(s, t, blobs);
        }
        Random r = new Random(seed);
        long hits = 0;
        for (int i = 0; i < accesses; i++) {
            hits += touch(s, r.nextInt(blobs.size()), blobs) ? 1 : 0;
        }
        return (double) hits / accesses;
    }

    /**
     * Two threads: the compute thread runs the batch and two switches in order; the reviewer meanwhile opens a
     * target the batch already passed (80 % one of the last 10, else any earlier one). Returns both hit ratios.
     */
    static double[] batchWithReviewer(Subject s, List<Blob> blobs, long seed) throws InterruptedException {
        AtomicLong position = new AtomicLong();
        AtomicLong batchHits = new AtomicLong();
        AtomicLong batchTotal = new AtomicLong();
        AtomicLong reviewHits = new AtomicLong();
        AtomicLong reviewTotal = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Thread compute = new Thread(() -> {
            for (int pass = 0; pass < 3; pass++) {
                for (int t = 0; t < blobs.size(); t++) {
                    boolean hit = touch(s, t, blobs);
                    if (pass > 0) {
                        batchHits.addAndGet(hit ? 1 : 0);
                        batchTotal.incrementAndGet();
                    }
                    position.set((long) pass * blobs.size() + t);
                    for (int spin = 0; spin < 2000; spin++) {
                        Thread.onSpinWait(); // the decoder's time per target, so the reviewer interleaves
                    }
                }
            }
            done.countDown();
        });
        Thread reviewer = new Thread(() -> {
            Random r = new Random(seed);
            while (done.getCount() > 0) {
                long p = position.get() % blobs.size();
                if (p < 1) {
                    continue;
                }
                int t = r.nextDouble() < 0.8 ? (int) Math.max(0, p - 1 - r.nextInt(10)) : r.nextInt((int) p);
                reviewHits.addAndGet(touch(s, t, blobs) ? 1 : 0);
                reviewTotal.incrementAndGet();
                for (int spin = 0; spin < 20000; spin++) {
                    Thread.onSpinWait(); // a person looks at it
                }
            }
        });
        compute.start();
        reviewer.start();
        compute.join();
        reviewer.join();
        return new double[] {(double) batchHits.get() / batchTotal.get(),
                (double) reviewHits.get() / Math.max(1, reviewTotal.get()),
                batchTotal.get() - batchHits.get() + reviewTotal.get() - reviewHits.get(), reviewTotal.get()};
    }

    /** Nanoseconds per get-or-put with {@code threads} threads hammering 300 keys (random, seeded). */
    static double nanosPerOp(Subject s, List<Blob> blobs, int threads, int opsPerThread) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            long seed = i;
            ts.add(new Thread(() -> {
                Random r = new Random(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int op = 0; op < opsPerThread; op++) {
                    touch(s, r.nextInt(blobs.size()), blobs);
                }
            }));
        }
        ts.forEach(Thread::start);
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        return (System.nanoTime() - t0) / (double) (threads * (long) opsPerThread);
    }

    private static void line(String name, double value) {
        System.out.println(String.format(Locale.ROOT, "%s: %.3f", name, value));
    }

    public static void main(String[] args) throws Exception {
        List<Blob> mixed = sizes(300, 1, 4, 1);        // 300 targets, 1-4 MB: ~750 MB, above the cap
        List<Blob> bundled = sizes(300, 4, 5, 2);      // the bundled model: 4.8 MB each, ~1.4 GB
        List<Blob> fits = sizes(80, 1, 4, 3);          // ~200 MB: the whole working set fits
        System.out.println("cap_mb: " + (CAP >> 20));
        for (var make : List.<java.util.function.Supplier<Subject>>of(CacheBench::formerLru, CacheBench::caffeine)) {
            String n = make.get().name();
            line(n + "_hit_ratio_switches_300x1to4mb", batchThenSwitches(make.get(), mixed, 2));
            line(n + "_hit_ratio_switches_300x4.8mb", batchThenSwitches(make.get(), bundled, 2));
            line(n + "_hit_ratio_switch_80x4.8mb", batchThenSwitches(make.get(), bundled.subList(0, 80), 1));
            line(n + "_hit_ratio_last_10_after_batch_80x4.8mb", recentAfterBatch(make.get(), bundled.subList(0, 80),
                    10));
            line(n + "_hit_ratio_review_fits_80x1to4mb", review(make.get(), fits, 20_000, 4));
            line(n + "_hit_ratio_review_300x1to4mb", review(make.get(), mixed, 20_000, 5));
            double[] two = batchWithReviewer(make.get(), mixed, 6);
            line(n + "_two_threads_batch_hit_ratio", two[0]);
            line(n + "_two_threads_review_hit_ratio", two[1]);
            line(n + "_two_threads_encoder_runs_after_first_pass", two[2]);
            line(n + "_two_threads_review_accesses", two[3]);
            for (int round = 0; round < 3; round++) { // warm-up rounds; the last is printed
                double one = nanosPerOp(make.get(), mixed, 1, 2_000_000);
                double both = nanosPerOp(make.get(), mixed, 2, 1_000_000);
                if (round == 2) {
                    line(n + "_ns_per_op_1_thread", one);
                    line(n + "_ns_per_op_2_threads", both);
                }
            }
        }
    }

    /** The hand-written LRU the engine used before Caffeine, unchanged: the baseline. */
    static final class FormerLru<V> {

        private final long capacityBytes;
        private final ToLongFunction<V> weigher;
        private final LinkedHashMap<String, V> map = new LinkedHashMap<>(16, 0.75f, true);
        private long sizeBytes;
        private long hits;
        private long misses;
        private long peakBytes;

        FormerLru(long capacityBytes, ToLongFunction<V> weigher) {
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
}
