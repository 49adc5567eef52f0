package io.proxyprompt.batch;

import io.proxyprompt.application.TargetNames;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the job's input into targets, in input order: manifests (CSV with a header, or Parquet, with a column
 * {@code path} of files, series folders or URIs; relative paths are taken from the manifest's folder), and files,
 * folders and globs, which expand by the application's one folder rule ({@link Images#expand}: a folder's DICOM
 * files are one series target, every other file a target of its own). Names come from {@link TargetNames}, as the
 * command line gives them for the same inputs in the same order.
 */
final class TargetLister {

    /** The targets, and how many input entries named a target already listed. */
    record Listing(List<TargetSpec> targets, int duplicates) {
    }

    private static final List<String> PATH_COLUMNS = List.of("path", "uri", "location", "file");

    private final Images images;

    TargetLister(Images images) {
        this.images = images;
    }

    /**
     * Lists the targets of the manifests, then of the other inputs.
     *
     * @throws BatchInputException a manifest cannot be read or has no path column, or an input matches nothing
     */
    Listing list(SparkSession spark, List<String> manifests, List<String> inputs) throws BatchInputException {
        List<String> locations = new ArrayList<>();
        for (String m : manifests) {
            locations.addAll(readManifest(spark, m));
        }
        for (String in : inputs) {
            locations.addAll(expand(in));
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String location : locations) {
            byKey.putIfAbsent(TargetSpec.keyOf(location), location);
        }
        List<Path> forNaming = byKey.keySet().stream().map(TargetLister::lastSegment).toList();
        List<String> names = TargetNames.forFiles(forNaming);
        List<TargetSpec> targets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> e : byKey.entrySet()) {
            targets.add(new TargetSpec(e.getKey(), names.get(i++), e.getValue()));
        }
        return new Listing(targets, locations.size() - targets.size());
    }

    private static Path lastSegment(String key) {
        String trimmed = key.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        String last = slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
        return Path.of(last.isEmpty() ? "target" : last);
    }

    /** The entries of one manifest's path column, relative ones resolved against the manifest's folder. */
    private static List<String> readManifest(SparkSession spark, String manifest) throws BatchInputException {
        Dataset<Row> table;
        try {
            table = isParquet(manifest) ? spark.read().parquet(manifest)
                    : spark.read().option("header", "true").csv(manifest);
        } catch (RuntimeException e) {
            throw new BatchInputException("manifest " + manifest + " cannot be read (" + e.getMessage()
                    + "); give a CSV file with a header row naming the column 'path', or a Parquet file", e);
        }
        String column = pathColumn(manifest, table.columns());
        List<String> values = table.select(column).as(Encoders.STRING()).collectAsList();
        Path base = TargetSpec.isRemote(manifest) ? null
                : TargetSpec.localPath(manifest).toAbsolutePath().getParent();
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            String entry = v.strip();
            if (base != null && !TargetSpec.isRemote(entry) && !entry.regionMatches(true, 0, "file:", 0, 5)
                    && !Path.of(entry).isAbsolute()) {
                entry = base.resolve(entry).toString();
            }
            out.add(entry);
        }
        return out;
    }

    private static String pathColumn(String manifest, String[] columns) throws BatchInputException {
        for (String wanted : PATH_COLUMNS) {
            for (String c : columns) {
                if (c.strip().equalsIgnoreCase(wanted)) {
                    return c;
                }
            }
        }
        if (columns.length == 1) {
            return columns[0];
        }
        throw new BatchInputException("manifest " + manifest + " has columns " + Arrays.toString(columns)
                + " but none named 'path'; name the column of image paths or URIs 'path'");
    }

    private static boolean isParquet(String manifest) {
        String lower = manifest.toLowerCase(Locale.ROOT);
        return lower.endsWith(".parquet") || lower.endsWith(".parq")
                || (!TargetSpec.isRemote(manifest) && Files.isDirectory(TargetSpec.localPath(manifest)));
    }

    /** A file stays itself, a folder expands by the folder rule, a glob to what it matches (sorted). */
    private List<String> expand(String input) throws BatchInputException {
        if (TargetSpec.isRemote(input)) {
            return List.of(input);
        }
        if (!hasGlob(input)) {
            try {
                return images.expand(TargetSpec.localPath(input)).stream().map(Path::toString).toList();
            } catch (ImageLoadException e) {
                throw new BatchInputException(e.getMessage(), e);
            }
        }
        List<String> out = new ArrayList<>();
        for (Path match : glob(input)) {
            if (Files.isDirectory(match)) {
                try {
                    images.expand(match).forEach(p -> out.add(p.toString()));
                } catch (ImageLoadException e) {
                    throw new BatchInputException(e.getMessage(), e);
                }
            } else {
                out.add(match.toString());
            }
        }
        if (out.isEmpty()) {
            throw new BatchInputException("no file matches " + input + "; check the pattern (quote it so that the"
                    + " shell does not expand it)");
        }
        return out;
    }

    private static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<Path> glob(String pattern) throws BatchInputException {
        Path abs = Path.of(pattern).toAbsolutePath();
        Path base = abs.getRoot();
        for (Path part : abs) {
            if (hasGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        int depth = pattern.contains("**") ? Integer.MAX_VALUE : abs.getNameCount() - base.getNameCount();
        if (!Files.isDirectory(base)) {
            throw new BatchInputException("no file matches " + pattern + ": " + base + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(base, depth)) {
            return walk.filter(p -> !p.equals(abs.getRoot()) && matcher.matches(p))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new BatchInputException("no file matches " + pattern + ": " + base + " cannot be listed ("
                    + e.getMessage() + ")", e);
        }
    }
}
