package io.proxyprompt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
