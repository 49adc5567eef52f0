package io.proxyprompt.batch;

import io.proxyprompt.application.MeasurementsCsv;
import io.proxyprompt.batch.table.ResultChunks;
import io.proxyprompt.batch.table.ResultTable;
import io.proxyprompt.inference.ModelBundle;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job on Spark local[2] over 40 generated photographs, a corrupt file and a CT series, against `segment`. */
class BatchJobTest {

    private static BatchFixture f;
    private static List<Row> rows;

    @BeforeAll
    static void run() throws Exception {
        f = BatchFixture.get();
        Dataset<Row> table = new ResultTable(SparkTestSession.get(),
                new ResultChunks(f.jobOut.resolve(BatchJob.TABLE_DIR))).rows().orElseThrow();
        rows = table.collectAsList();
    }

    @Test
    void masksAreByteIdenticalToThoseOfSegmentOnTheSameInputs() throws IOException {
        Set<String> cli = files(f.cliOut, ".png");
        Set<String> job = files(f.jobOut, ".png");
        assertEquals(cli, job, "the job writes the same mask files in the same layout");
        assertEquals((BatchFixture.PHOTOS + 8) * 2, job.size(), "disc and cup for 40 photographs and 8 slices");
        for (String rel : cli) {
            assertArrayEquals(Files.readAllBytes(f.cliOut.resolve(rel)), Files.readAllBytes(f.jobOut.resolve(rel)),
                    rel + " differs from segment's");
        }
    }

    @Test
    void aCorruptFileIsAnErrorRowAndTheRestIsSegmented() {
        List<Row> failed = rows.stream().filter(r -> r.<String>getAs("status").equals("failed")).toList();
        assertEquals(1, failed.size(), "one error row");
        Row bad = failed.get(0);
        assertEquals(f.corrupt.toAbsolutePath().normalize().toString(), bad.getAs("target_key"));
        String error = bad.getAs("error");
        assertTrue(error.contains("photo_0013_corrupt"), error);
        assertTrue(bad.isNullAt(bad.fieldIndex("object")), "an error row has no measurements");
        assertEquals(1, f.jobResult.report().failed());
        assertEquals(BatchFixture.PHOTOS + 1, f.jobResult.report().segmented(), "40 photographs and the series");
        assertEquals(BatchFixture.PHOTOS + 8, f.jobResult.report().frames());
        assertTrue(f.cliLog.contains("photo_0013_corrupt"), "segment reports the same file: " + f.cliLog);
    }

    @Test
    void tableHoldsSegmentsMeasurementsOneRowPerTargetFrameAndObject() throws IOException {
        Map<String, String[]> csv = new HashMap<>();
        List<String> lines = Files.readAllLines(f.cliOut.resolve("measurements.csv"));
        assertEquals(MeasurementsCsv.HEADER, lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            csv.put(c[0] + "/" + c[1] + "/" + c[2], c);
        }
        List<Row> segmented = rows.stream().filter(r -> r.<String>getAs("status").equals("segmented")).toList();
        assertEquals(csv.size(), segmented.size(), "one row per CSV row");
        Set<String> keys = new TreeSet<>();
        for (Row r : segmented) {
            String key = r.getAs("target") + "/" + r.<Integer>getAs("frame") + "/" + r.getAs("object");
            assertTrue(keys.add(key), "duplicate row " + key);
            String[] c = csv.get(key);
            assertNotNull(c, "segment has no row " + key);
            assertEquals(c[3], Long.toString(r.<Long>getAs("area_px")), key + " area");
            assertEquals(c[5], fourDecimals(r, "predicted_iou"), key + " confidence");
            assertEquals(c[6], fourDecimals(r, "vertical_cdr"), key + " vCDR");
            assertEquals(c[9], fourDecimals(r, "vessel_fraction_fov"), key + " vessel fraction");
            assertEquals(c[10], r.getAs("qc"), key + " quality flags");
        }
    }

    @Test
    void everyRowNamesTheModelSupportSetRunAndTimings() throws Exception {
        String sha = ModelBundle.sha256(BatchFixture.REPO.resolve("models/proxyprompt-small/model.json"));
        assertEquals(Set.of(sha), column("model_sha256"));
        assertEquals(Set.of(f.jobResult.supportHash()), column("support_hash"));
        assertEquals(Set.of(f.jobResult.runId()), column("run_id"));
        assertEquals(Set.of("proxyprompt-small"), column("model_name"));
        for (Row r : rows) {
            if (r.<String>getAs("status").equals("segmented")) {
                assertTrue(r.<Double>getAs("decoder_ms") > 0, "decoder time recorded");
                assertTrue(r.<Double>getAs("target_ms") > 0, "target time recorded");
                assertTrue(Files.isRegularFile(f.jobOut.resolve(r.<String>getAs("mask_file"))));
            }
        }
    }

    @Test
    void theSeriesGetsOneDicomSegLikeSegmentWrites() throws IOException {
        Set<Object> segs = rows.stream().filter(r -> "series".equals(r.getAs("target")))
                .map(r -> r.getAs("seg_file")).collect(Collectors.toSet());
        assertEquals(1, segs.size(), "one SEG for all frames of the series: " + segs);
        String seg = (String) segs.iterator().next();
        assertNotNull(seg);
        assertTrue(Files.isRegularFile(f.cliOut.resolve(seg)), "segment wrote the same file " + seg);
        byte[] head = Files.readAllBytes(f.jobOut.resolve(seg));
        assertEquals("DICM", new String(head, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
        rows.stream().filter(r -> !"series".equals(r.getAs("target")))
                .forEach(r -> assertNull(r.getAs("seg_file"), "photographs have no SEG"));
    }

    @Test
    void aRerunWithTheSameModelAndSupportSetSkipsEveryTarget() throws Exception {
        BatchJob.Result again = new BatchJob(SparkTestSession.get(), System.out).run(BatchOptions.parse(
                BatchFixture.args("--manifest", BatchFixture.WORK.resolve("manifest.csv").toString(),
                        BatchFixture.SERIES.toString(), "--format", "both", "--out", f.jobOut.toString())));
        assertEquals(0, again.ran());
        assertEquals(BatchFixture.PHOTOS + 2, again.skipped());
        long now = new ResultTable(SparkTestSession.get(), new ResultChunks(f.jobOut.resolve(BatchJob.TABLE_DIR)))
                .rows().orElseThrow().count();
        assertEquals(rows.size(), now, "nothing added");
        assertFalse(rows.isEmpty());
    }

    private static Set<Object> column(String name) {
        return rows.stream().map(r -> r.getAs(name)).collect(Collectors.toSet());
    }

    private static String fourDecimals(Row r, String column) {
        return r.isNullAt(r.fieldIndex(column)) ? ""
                : String.format(Locale.ROOT, "%.4f", r.<Double>getAs(column));
    }

    static Set<String> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
