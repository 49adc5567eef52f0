package io.proxyprompt.batch.table;

import io.proxyprompt.common.AtomicFiles;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder of the result table: executors add rows in chunk files, each written to a hidden temporary file and
 * moved into place in one step ({@link AtomicFiles}), so a killed job leaves only whole chunks that Spark reads as
 * one table (it skips names starting with '.' or '_'). A chunk of the same name from an earlier attempt of the same
 * task is replaced, never added to, so a retried task does not duplicate rows.
 */
public final class ResultChunks {

    /** The file name ending of a committed chunk. */
    public static final String SUFFIX = ".parquet";

    private final Path dir;

    public ResultChunks(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes {@code rows} as the chunk {@code name}.
     *
     * @throws IOException when the folder cannot be written (the message names the file)
     */
    public Path write(String name, List<ResultRow> rows) throws IOException {
        Path file = dir.resolve(name + SUFFIX);
        SimpleGroupFactory groups = new SimpleGroupFactory(ResultSchema.TYPE);
        try {
            AtomicFiles.write(file, out -> {
                try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamOutputFile(out))
                        .withConf(new PlainParquetConfiguration())
                        .withType(ResultSchema.TYPE)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .build()) {
                    for (ResultRow r : rows) {
                        writer.write(ResultSchema.toGroup(r, groups));
                    }
                }
            }, AtomicFiles.Existing.REPLACE);
        } catch (IOException e) {
            throw new IOException(file + ": the result rows could not be written (" + e.getMessage()
                    + "); check that the output folder is writable and has space", e);
        }
        return file;
    }

    /** Whether the folder holds at least one committed chunk. */
    public boolean hasRows() throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(ResultChunks::isChunk);
        }
    }

    /** Removes temporary files that a killed job left behind (never a committed chunk). */
    public int removeLeftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList();
        }
        for (Path f : leftovers) {
            Files.deleteIfExists(f);
        }
        return leftovers.size();
    }

    private static boolean isChunk(Path f) {
        String name = f.getFileName().toString();
        return name.endsWith(SUFFIX) && !name.startsWith(".") && !name.startsWith("_");
    }
}
