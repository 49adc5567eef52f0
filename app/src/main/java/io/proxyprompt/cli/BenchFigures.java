package io.proxyprompt.cli;

import io.proxyprompt.image.Frame;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.segment.Click;
import io.proxyprompt.segment.EncodedSupport;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code name: value} lines every bench mode prints: medians, memory peaks and how busy the machine was. */
final class BenchFigures {

    private BenchFigures() {
    }

    static void line(PrintStream out, String name, double value) {
        out.println(String.format(Locale.ROOT, "%s: %.2f", name, value));
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /**
     * {@code click_ms}: one object of an already segmented target redrawn after each of three clicks (only the
     * mask decoder runs, on the cached embedding and proxy prompt, then the clean-up at the original size), median
     * over all clicks; {@code click_decoder_ms} is the decoder's share. A model without clicks prints n/a and why.
     */
    static void clicks(FewShotSegmenter seg, SupportSet support, Frame target, int repeats, PrintStream out)
            throws InferenceException {
        if (seg.refineUnavailableReason() != null) {
            out.println("click_ms: n/a (" + seg.refineUnavailableReason() + ")");
            return;
        }
        String object = support.objectNames().get(0);
        seg.segment(support, "click-target", target, CancellationToken.never());
        EncodedSupport encoded = seg.encodeSupport(support, CancellationToken.never());
        int w = target.width();
        int h = target.height();
        List<Click> all = List.of(new Click(w / 2, h / 2, true), new Click(w / 4, h / 3, false),
                new Click(3 * w / 5, h / 2, true));
        double[] ms = new double[repeats * all.size()];
        RunCounts before = seg.engine().counts();
        for (int i = -1; i < repeats; i++) {
            for (int k = 1; k <= all.size(); k++) {
                long t0 = System.nanoTime();
                seg.refine(encoded, target, object, all.subList(0, k), null, CancellationToken.never());
                if (i >= 0) {
                    ms[i * all.size() + k - 1] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        RunCounts after = seg.engine().counts();
        line(out, "click_ms", median(ms));
        line(out, "click_decoder_ms", (after.millis(Graph.CLICK_DECODER) - before.millis(Graph.CLICK_DECODER))
                / after.runsSince(before, Graph.CLICK_DECODER));
        out.println("click_encoder_runs: " + after.runsSince(before, Graph.IMAGE_ENCODER));
    }

    /** The one-minute load average with the core count, e.g. {@code 3.10 on 2 cores} (how busy the machine was). */
    static String load() {
        double avg = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f on %d cores", avg, Runtime.getRuntime().availableProcessors());
    }

    /** Peak Java heap, peak RSS (VmHWM) and what the process holds beyond the heap. */
    static void memory(PrintStream out) {
        double heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        out.println(String.format(Locale.ROOT, "peak_heap_mb: %.1f (max heap %.0f)", heapPeak / 1048576.0,
                max / 1048576.0));
        long rssPeak = procStatusKb("VmHWM");
        if (rssPeak > 0) {
            // Native = what the process holds beyond the Java heap: ORT arenas and sessions, OpenCV, the JVM itself.
            long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            long rssNow = procStatusKb("VmRSS");
            out.println(String.format(Locale.ROOT, "peak_rss_mb: %.1f", rssPeak / 1024.0));
            out.println(String.format(Locale.ROOT, "native_mb: %.1f (RSS %.1f minus committed heap %.1f, at the end)",
                    Math.max(0, rssNow * 1024.0 - heapCommitted) / 1048576.0, rssNow / 1024.0,
                    heapCommitted / 1048576.0));
        }
    }

    /** A field of /proc/self/status in kB, or -1 where there is none (not Linux). */
    static long procStatusKb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the RSS lines are left out
        }
        return -1;
    }
}
