package io.proxyprompt.batch;

import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.batch.table.ResultChunks;
import io.proxyprompt.batch.table.ResultRow;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.SupportSet;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One partition of the job on an executor: the JVM's shared model and support set, the application's one batch loop
 * over the partition's targets (the next target decoded while the current one runs), and a {@link TargetRecorder}
 * that writes the files and commits the rows. Returns the partition's report.
 */
final class PartitionTask implements Function2<Integer, Iterator<TargetSpec>, Iterator<PartitionReport>> {

    private final JobConfig config;
    private final Broadcast<SupportShipment> support;
    private final JobCounters counters;
    private final RemoteFiles remote;

    PartitionTask(JobConfig config, Broadcast<SupportShipment> support, JobCounters counters, RemoteFiles remote) {
        this.config = config;
        this.support = support;
        this.counters = counters;
        this.remote = remote;
    }

    @Override
    public Iterator<PartitionReport> call(Integer partition, Iterator<TargetSpec> specs) throws Exception {
        List<TargetSpec> targets = new ArrayList<>();
        specs.forEachRemaining(targets::add);
        if (targets.isEmpty()) {
            return List.of(PartitionReport.EMPTY).iterator();
        }
        TaskContext task = TaskContext.get();
        int threads = config.threads() > 0 ? config.threads() : Math.max(1, task == null ? 1 : task.cpus());
        Images images = ExecutorEngines.images();
        ModelSegmentation engine = ExecutorEngines.engine(config.model(), config.device(), threads);
        SupportSet supportSet = ExecutorEngines.support(config.supportHash(), support.value(), images);
        Path out = Path.of(config.outDir());
        ExportPlan plan = new ExportPlan(out, config.formats(), List.of(new ExportPlan.LabelGroup("support",
                supportSet.objectNames())), config.model().name(), config.model().version());
        ResultRow.Provenance provenance = new ResultRow.Provenance(config.model().name(), config.model().version(),
                config.model().sha256(), config.supportHash(), engine.segmenter().device().name(), config.runId(),
                executorName());
        TargetRecorder recorder = new TargetRecorder(ExecutorEngines.exportService(), plan,
                new ResultChunks(out.resolve(BatchJob.TABLE_DIR)),
                String.format("part-%s-%05d", config.runId(), partition), config.commitEvery(), provenance, counters,
                targets);
        Path scratch = Files.createTempDirectory("proxyprompt-targets");
        try {
            List<BatchTarget> batch = new ArrayList<>();
            for (TargetSpec t : targets) {
                batch.add(t.isRemote() ? remoteTarget(t, scratch, images)
                        : BatchTarget.file(t.key(), t.name(), TargetSpec.localPath(t.location()), images));
            }
            CancellationToken cancel = new CancellationToken();
            ProgressListener stopWhenKilled = (done, total, message) -> {
                if (task != null && task.isInterrupted()) {
                    cancel.cancel();
                }
            };
            BatchSummary summary = engine.run(supportSet, batch, stopWhenKilled, cancel, recorder);
            return List.of(recorder.finish(summary.cancelled())).iterator();
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    /** A target read through Hadoop: copied to local disk when the loop reaches it, removed once decoded. */
    private BatchTarget remoteTarget(TargetSpec t, Path scratch, Images images) {
        return new BatchTarget(t.key(), t.name(), () -> {
            Path dir = scratch.resolve(Integer.toHexString(t.key().hashCode()) + "-" + System.nanoTime());
            try {
                Path local = remote.fetch(t.location(), dir);
                List<Frame> frames = BatchTarget.file(t.key(), t.name(), local, images).source().frames();
                Folders.deleteTree(dir);
                return frames;
            } catch (IOException e) {
                throw new ImageLoadException(Path.of(t.name()), e.getMessage(), e);
            }
        });
    }

    private static String executorName() {
        String id = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + id;
        } catch (IOException e) {
            return id;
        }
    }
}
