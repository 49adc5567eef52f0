package io.proxyprompt.batch;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** The summary printed at the end of a run: targets, failures, quality flags and throughput. */
final class JobSummary {

    private JobSummary() {
    }

    static void print(BatchJob.Result r, PrintStream out) {
        PartitionReport p = r.report();
        out.printf(Locale.ROOT, "summary: %d target(s) listed (%d duplicate entr%s ignored), %d skipped as done,"
                        + " %d run%n", r.listed(), r.duplicates(), r.duplicates() == 1 ? "y" : "ies", r.skipped(),
                r.ran());
        out.printf(Locale.ROOT, "  segmented %d target(s), %d frame(s); failed %d; %d target(s) flagged for review%n",
                p.segmented(), p.frames(), p.failed(), p.flaggedTargets());
        if (!p.flags().isEmpty()) {
            out.println("  flags (objects): " + p.flags().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (r.ran() > 0) {
            out.printf(Locale.ROOT, "  %.1f s wall, %.2f images/s (%.2f targets/s) on %d task slot(s), %d"
                            + " partition(s)%n", r.seconds(), r.imagesPerSecond(), r.ran() / r.seconds(), r.slots(),
                    r.partitions());
        }
        out.println("  masks: " + r.out().toAbsolutePath() + "/<target>/; table: "
                + r.out().toAbsolutePath().resolve(BatchJob.TABLE_DIR) + " (run_id " + r.runId() + ")");
        if (!p.failures().isEmpty()) {
            out.println("  failed target(s)" + (p.failed() > p.failures().size() ? " (first "
                    + p.failures().size() + "; the table's error column has all)" : "") + ":");
            p.failures().forEach(f -> out.println("    " + f));
        }
    }
}
