package io.proxyprompt.batch;

import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.batch.table.ResultChunks;
import io.proxyprompt.batch.table.ResultTable;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.segment.SupportSet;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The driver's side of the job: loads and hashes the support set and broadcasts it, verifies and ships the model,
 * lists the targets, leaves out those the table already holds for this model and support set, runs the rest as
 * partitions of a Spark job ({@link PartitionTask}) and merges the partitions' reports.
 */
public final class BatchJob {

    /** The result table's folder under the output root. */
    public static final String TABLE_DIR = "measurements.parquet";

    /** Targets per partition the automatic partitioning aims at, at most (a killed task redoes its partition). */
    static final int TARGETS_PER_PARTITION = 500;

    /**
     * What a run did.
     *
     * @param listed     targets in the input (after removing entries that named the same target)
     * @param duplicates input entries that named a target already listed
     * @param skipped    targets already in the table for this model and support set
     * @param partitions partitions the rest ran in
     * @param seconds    wall time of the Spark job
     */
    public record Result(String runId, String model, String modelSha256, String supportHash, int listed,
                         int duplicates, int skipped, int partitions, int slots, PartitionReport report,
                         double seconds, Path out) {

        /** Targets run in this run. */
        public int ran() {
            return report.targets();
        }

        /** Frames segmented in this run. */
        public int frames() {
            return report.frames();
        }

        /** Frames segmented per second of the job's wall time. */
        public double imagesPerSecond() {
            return seconds > 0 ? report.frames() / seconds : 0;
        }
    }

    private final SparkSession spark;
    private final PrintStream out;

    public BatchJob(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * Runs the job on a command line as {@code proxyprompt-batch} takes it (for the bench and embedding callers).
     *
     * @throws BatchInputException the command line cannot be used, or what {@link #run(BatchOptions)} throws
     */
    public Result run(String... args) throws BatchInputException, ImageLoadException, ModelLoadException,
            IOException {
        try {
            return run(BatchOptions.parse(args));
        } catch (BatchOptions.UsageException e) {
            throw new BatchInputException(e.getMessage(), e);
        }
    }

    /**
     * Runs the job.
     *
     * @throws BatchInputException a manifest, input or support set that cannot be used (says what to do)
     * @throws ImageLoadException  a support image cannot be opened
     * @throws ModelLoadException  the model folder is missing or corrupt
     * @throws IOException         a support mask or the output folder cannot be read or written
     */
    Result run(BatchOptions o) throws BatchInputException, ImageLoadException, ModelLoadException, IOException {
        SparkContext sc = spark.sparkContext();
        Images images = ExecutorEngines.images();
        SupportShipment shipment = o.workspace() != null ? SupportShipment.ofWorkspace(o.workspace(),
                o.supportSet()) : SupportShipment.ofFiles(o.supports());
        SupportSet support = shipment.load(images); // as every executor will, so a bad support fails here
        String supportHash = SupportShipment.hash(support);
        Path modelDir = ModelLocator.forThisProcess().resolve(o.model());
        ModelShipment model = ModelShipment.ship(modelDir, sc);

        TargetLister.Listing listing = new TargetLister(images).list(spark, o.manifests(), o.inputs());
        ResultChunks chunks = new ResultChunks(o.out().resolve(TABLE_DIR));
        chunks.removeLeftovers();
        Set<String> done = new ResultTable(spark, chunks).doneKeys(model.sha256(), supportHash);
        List<TargetSpec> todo = listing.targets().stream().filter(t -> !done.contains(t.key())).toList();
        String runId = runId();
        int slots = sc.defaultParallelism();
        int partitions = todo.isEmpty() ? 0 : o.partitions() > 0 ? Math.min(o.partitions(), todo.size())
                : Math.min(todo.size(), Math.max(slots * 4, ceilDiv(todo.size(), TARGETS_PER_PARTITION)));
        String modelName = model.name() + " " + model.version();
        out.printf("proxyprompt-batch: run %s: %d target(s) listed, %d already in the table for this model and"
                        + " support set, %d to run in %d partition(s) on %s (%d task slot(s))%n", runId,
                listing.targets().size(), listing.targets().size() - todo.size(), todo.size(), partitions,
                sc.master(), slots);
        out.printf("model: %s (model.json sha256 %s), support set %s (%d image(s), objects %s)%n", modelName,
                model.sha256(), supportHash.substring(0, 16), support.size(), support.objectNames());
        if (todo.isEmpty()) {
            return new Result(runId, modelName, model.sha256(), supportHash, listing.targets().size(),
                    listing.duplicates(), listing.targets().size(), 0, slots, PartitionReport.EMPTY, 0, o.out());
        }

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        JobCounters counters = JobCounters.register(sc);
        Broadcast<SupportShipment> supportBroadcast = jsc.broadcast(shipment);
        RemoteFiles remote = todo.stream().anyMatch(TargetSpec::isRemote)
                ? RemoteFiles.of(sc.hadoopConfiguration()) : null;
        JobConfig config = new JobConfig(runId, o.out().toAbsolutePath().toString(), o.formats(), o.device(),
                o.threads(), o.commitEvery(), model, supportHash);
        sc.setJobGroup(runId, "ProxyPrompt batch " + runId + ": " + todo.size() + " target(s), " + modelName
                + " -> " + o.out().toAbsolutePath(), true);
        long t0 = System.nanoTime();
        PartitionReport report;
        try (ProgressPrinter progress = new ProgressPrinter(jsc.statusTracker(), counters, todo.size(),
                o.progressSeconds(), out)) {
            report = jsc.parallelize(todo, partitions)
                    .mapPartitionsWithIndex(new PartitionTask(config, supportBroadcast, counters, remote), false)
                    .collect().stream().reduce(PartitionReport.EMPTY, PartitionReport::plus);
        } finally {
            sc.clearJobGroup();
            supportBroadcast.destroy();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(runId, modelName, model.sha256(), supportHash, listing.targets().size(),
                listing.duplicates(), listing.targets().size() - todo.size(), partitions, slots, report, seconds,
                o.out());
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A run id that sorts by time and does not collide between two runs started in the same second. */
    static String runId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
