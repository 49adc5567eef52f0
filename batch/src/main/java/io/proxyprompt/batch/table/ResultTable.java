package io.proxyprompt.batch.table;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/** The committed result table as Spark reads it (on the driver): for skipping done targets and for summaries. */
public final class ResultTable {

    private final SparkSession spark;
    private final ResultChunks chunks;

    public ResultTable(SparkSession spark, ResultChunks chunks) {
        this.spark = spark;
        this.chunks = chunks;
    }

    /** Every committed row; empty when nothing was committed yet. */
    public Optional<Dataset<Row>> rows() throws IOException {
        if (!chunks.hasRows()) {
            return Optional.empty();
        }
        // a file: URI, so that a cluster whose default file system is HDFS still reads the shared local folder
        return Optional.of(spark.read().parquet(chunks.dir().toAbsolutePath().toUri().toString()));
    }

    /** The keys of targets that already have rows for this model and support set (done or failed). */
    public Set<String> doneKeys(String modelSha256, String supportHash) throws IOException {
        Optional<Dataset<Row>> rows = rows();
        if (rows.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(rows.get()
                .filter(col(ResultSchema.MODEL_SHA256).equalTo(modelSha256)
                        .and(col(ResultSchema.SUPPORT_HASH).equalTo(supportHash)))
                .select(ResultSchema.TARGET_KEY).distinct().as(Encoders.STRING()).collectAsList());
    }
}
