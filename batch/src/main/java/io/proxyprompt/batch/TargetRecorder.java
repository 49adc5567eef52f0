package io.proxyprompt.batch;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportReport;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ExportWriter;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.application.MeasurementsCsv;
import io.proxyprompt.application.OutputLayout;
import io.proxyprompt.batch.table.ResultChunks;
import io.proxyprompt.batch.table.ResultRow;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.quality.QcFlag;
import io.proxyprompt.segment.SegmentationResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Receives the batch loop's outcomes on an executor, target after target: writes each frame's masks with the
 * application's {@link ExportWriter} (one per target, so its DICOM SEG is written when the target is complete),
 * turns the measurements into result rows, and commits the rows of every {@code commitEvery} finished targets as one
 * table chunk, after their files are in place. A target that failed gets one error row; the job goes on.
 */
final class TargetRecorder implements Consumer<FrameOutcome> {

    /** One segmented frame's measurement rows, waiting for the target's SEG. */
    private record FrameRows(List<MeasurementsCsv.Row> rows, int frameCount, ResultRow.FrameTiming timing) {
    }

    /** The target whose outcomes are arriving. */
    private static final class Current {
        final TargetSpec spec;
        final ExportWriter writer;
        final List<FrameRows> frames = new ArrayList<>();
        final Set<String> flags = new LinkedHashSet<>();
        String error;

        Current(TargetSpec spec, ExportWriter writer) {
            this.spec = spec;
            this.writer = writer;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TargetRecorder.class);

    private final ExportService export;
    private final ExportPlan plan;
    private final OutputLayout layout;
    private final ResultChunks chunks;
    private final String chunkPrefix;
    private final int commitEvery;
    private final ResultRow.Provenance provenance;
    private final JobCounters counters;
    private final Map<String, TargetSpec> byKey = new LinkedHashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<ResultRow> pending = new ArrayList<>();
    private final Map<String, Integer> flagCounts = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final long started = System.nanoTime();
    private long lastFinished = started;
    private Current current;
    private int pendingTargets;
    private int chunk;
    private int segmented;
    private int failed;
    private int frameCount;
    private int flagged;

    TargetRecorder(ExportService export, ExportPlan plan, ResultChunks chunks, String chunkPrefix, int commitEvery,
                   ResultRow.Provenance provenance, JobCounters counters, List<TargetSpec> targets) {
        this.export = export;
        this.plan = plan;
        this.layout = new OutputLayout(plan.outDir());
        this.chunks = chunks;
        this.chunkPrefix = chunkPrefix;
        this.commitEvery = commitEvery;
        this.provenance = provenance;
        this.counters = counters;
        targets.forEach(t -> byKey.put(t.key(), t));
    }

    @Override
    public void accept(FrameOutcome outcome) {
        if (current != null && !current.spec.key().equals(outcome.targetId())) {
            close();
        }
        if (current == null) {
            TargetSpec spec = byKey.get(outcome.targetId());
            seen.add(spec.key());
            removeLeftovers(spec.name());
            current = new Current(spec, export.open(plan, AtomicFiles.Existing.REPLACE));
        }
        if (outcome instanceof FrameOutcome.Failed f) {
            current.error = f.message();
            return;
        }
        FrameOutcome.Segmented s = (FrameOutcome.Segmented) outcome;
        if (current.error != null) {
            return;
        }
        ExportItem item = ExportItem.of(s);
        try {
            current.writer.write(item);
        } catch (IOException e) {
            current.error = s.targetName() + ": could not be written: " + e.getMessage();
            return;
        }
        s.quality().flags().forEach((object, list) -> list.stream().map(QcFlag::code).forEach(current.flags::add));
        s.quality().flags().values().forEach(list -> list.forEach(f -> flagCounts.merge(f.code(), 1, Integer::sum)));
        SegmentationResult.Timings t = s.result().timings();
        current.frames.add(new FrameRows(MeasurementsCsv.rows(item, current.writer.measurements(item)),
                s.frameCount(), new ResultRow.FrameTiming(t.encoderMs(), t.promptMs(), t.decoderMs(), t.postMs())));
    }

    /**
     * Finishes the last target and commits what is left. Targets the loop never reported (a file that holds no image)
     * get an error row, unless the run was cancelled before reaching them.
     */
    PartitionReport finish(boolean cancelled) throws IOException {
        if (current != null) {
            close();
        }
        if (!cancelled) {
            for (TargetSpec t : byKey.values()) {
                if (!seen.contains(t.key())) {
                    record(List.of(ResultRow.failed(t.key(), t.name(), 0, t.location() + ": holds no image or frame"
                            + " to segment; check the file", 0, provenance, System.currentTimeMillis())), false);
                    failures.add(t.location() + ": holds no image or frame to segment");
                }
            }
        }
        commit(); // throws when the table cannot be written: the task fails and Spark retries it
        return new PartitionReport(segmented, failed, frameCount, flagged, flagCounts,
                failures.stream().limit(PartitionReport.MAX_FAILURES).toList(), (System.nanoTime() - started) / 1e9);
    }

    private void close() {
        Current c = current;
        current = null;
        String segFile = null;
        if (c.error == null) {
            try {
                ExportReport report = c.writer.finish();
                segFile = report.written().stream().filter(p -> p.getFileName().toString().endsWith(".dcm"))
                        .findFirst().map(this::relative).orElse(null);
            } catch (IOException e) {
                c.error = c.spec.name() + ": DICOM SEG could not be written: " + e.getMessage();
            }
        }
        long now = System.nanoTime();
        double ms = (now - lastFinished) / 1e6;
        lastFinished = now;
        long at = System.currentTimeMillis();
        List<ResultRow> rows = new ArrayList<>();
        if (c.error != null) {
            rows.add(ResultRow.failed(c.spec.key(), c.spec.name(), c.frames.size(), c.error, ms, provenance, at));
            failures.add(c.error);
        } else {
            for (FrameRows f : c.frames) {
                for (MeasurementsCsv.Row r : f.rows()) {
                    String mask = plan.writes(ExportFormat.PNG)
                            ? relative(layout.mask(c.spec.name(), r.object(), r.frame() - 1, f.frameCount())) : null;
                    rows.add(new ResultRow(c.spec.key(), c.spec.name(), f.frameCount(), r, mask, segFile, null,
                            f.timing(), ms, provenance, at));
                }
            }
            frameCount += c.frames.size();
            counters.frames().add(c.frames.size());
            if (!c.flags.isEmpty()) {
                flagged++;
                counters.flagged().add(1);
            }
        }
        record(rows, c.error == null);
    }

    private void record(List<ResultRow> rows, boolean ok) {
        if (ok) {
            segmented++;
            counters.segmented().add(1);
        } else {
            failed++;
            counters.failed().add(1);
        }
        pending.addAll(rows);
        if (++pendingTargets >= commitEvery) {
            try {
                commit();
            } catch (IOException e) {
                // the rows stay pending; finish() tries once more and fails the task if the table stays unwritable
                LOG.warn("table chunk not committed yet, will retry at the end of the partition: {}", e.getMessage());
            }
        }
    }

    private void commit() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        chunks.write(String.format("%s-%04d", chunkPrefix, chunk++), pending);
        pending.clear();
        pendingTargets = 0;
    }

    private String relative(Path p) {
        return plan.outDir().toAbsolutePath().relativize(p.toAbsolutePath()).toString();
    }

    /** Removes temporary files a killed run left in the target's folder before writing it again. */
    private void removeLeftovers(String target) {
        Path dir = layout.targetDir(target);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // leftovers are hidden files that nothing reads; failing to tidy them is no reason to stop
        }
    }
}
