package io.proxyprompt.batch;

import io.proxyprompt.batch.table.ResultChunks;
import io.proxyprompt.batch.table.ResultTable;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job killed halfway (SIGKILL of its JVM) and run again finishes the rest: a complete table, no duplicates. */
class RestartAfterKillTest {

    private static final int TARGETS = 12;

    @Test
    void aKilledRunFinishedByARerunGivesTheCompleteTableWithoutDuplicates() throws Exception {
        BatchFixture f = BatchFixture.get();
        Path work = BatchFixture.WORK.resolve("restart");
        Folders.deleteTree(work);
        List<String> paths = f.photoFiles.subList(0, TARGETS).stream().map(p -> p.toAbsolutePath().toString())
                .toList();
        Path manifest = work.resolve("manifest.parquet");
        SparkTestSession.get().createDataset(paths, Encoders.STRING()).toDF("path").coalesce(1).write()
                .parquet(manifest.toString());
        Path out = work.resolve("out");
        String[] args = BatchFixture.args("--manifest", manifest.toString(), "--out", out.toString(),
                "--commit-every", "1", "--partitions", "2");
        Path table = out.resolve(BatchJob.TABLE_DIR);

        Process job = startJob(args, work.resolve("killed-run.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (chunks(table) < 3 && job.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(job.isAlive(), "the job must still be running when it is killed: "
                + Files.readString(work.resolve("killed-run.log")));
        job.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        ResultTable results = new ResultTable(SparkTestSession.get(), new ResultChunks(table));
        long committed = results.rows().orElseThrow().select("target_key").distinct().count();
        assertTrue(committed >= 3 && committed < TARGETS, committed + " target(s) committed before the kill");

        BatchJob.Result rerun = new BatchJob(SparkTestSession.get(), System.out).run(BatchOptions.parse(args));
        assertEquals(committed, rerun.skipped(), "the re-run skips what the killed run committed");
        assertEquals(TARGETS - committed, rerun.ran(), "and runs the rest");

        List<Row> rows = results.rows().orElseThrow().collectAsList();
        Set<String> keys = rows.stream().map(r -> r.<String>getAs("target_key")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(paths), keys, "every target has rows");
        Set<String> rowKeys = rows.stream().map(r -> r.getAs("target_key") + "/" + r.getAs("frame") + "/"
                + r.getAs("object")).collect(Collectors.toSet());
        assertEquals(rows.size(), rowKeys.size(), "no row twice");
        assertEquals(TARGETS * 2, rows.size(), "disc and cup of every photograph");
        for (String rel : BatchJobTest.files(out, ".png")) {
            assertArrayEquals(Files.readAllBytes(f.jobOut.resolve(rel)), Files.readAllBytes(out.resolve(rel)),
                    rel + " differs from the uninterrupted run's");
        }
        assertEquals(TARGETS * 2, BatchJobTest.files(out, ".png").size());
    }

    private static long chunks(Path table) throws Exception {
        if (!Files.isDirectory(table)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(table)) {
            return list.filter(p -> p.getFileName().toString().endsWith(ResultChunks.SUFFIX)
                    && !p.getFileName().toString().startsWith(".")).count();
        }
    }

    /** The job's main class in a JVM of its own, on the test class path, with Spark's Java 17 flags. */
    private static Process startJob(String[] args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BatchFixture.javaExecutable()));
        cmd.add("@" + System.getProperty("proxyprompt.sparkArgs"));
        cmd.addAll(List.of("-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                ProxyPromptBatch.class.getName(), "--master", "local[2]"));
        cmd.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(BatchFixture.REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }
}
