package io.proxyprompt.batch;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.SupportLoader;
import io.proxyprompt.inference.ExecutionDevice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's command line, parsed: what to segment, with which support set and model, where to write, and how to
 * spread the work.
 *
 * @param manifests   CSV or Parquet files listing targets in a {@code path} column
 * @param inputs      files, folders and globs given directly
 * @param supports    support images with their mask files (empty when {@code workspace} is given)
 * @param workspace   a workstation workspace whose saved support set to use, or null
 * @param supportSet  that set's name, or null for the selected one
 * @param model       the model folder, or null for the default search ({@code ModelLocator})
 * @param master      Spark master URL, or null for spark-submit's (or local[*] when run without it)
 * @param partitions  partitions of the target list; 0 picks them from the targets and the cluster's cores
 * @param commitEvery targets an executor finishes before committing their rows (a killed job redoes at most these)
 * @param threads     ONNX Runtime threads per task; 0 takes {@code spark.task.cpus}
 * @param progressSeconds how often the driver prints progress; 0 never
 */
record BatchOptions(List<String> manifests, List<String> inputs, List<SupportLoader.PairFiles> supports,
                    Path workspace, String supportSet, String model, ExecutionDevice device, Path out,
                    Set<ExportFormat> formats, String master, int partitions, int commitEvery, int threads,
                    int progressSeconds) {

    static final int DEFAULT_COMMIT_EVERY = 100;

    static final String USAGE = """
            Usage: proxyprompt-batch (--support IMG [--frame N] --mask NAME=FILE ... | --workspace DIR
                                      [--support-set NAME]) --out DIR [--manifest FILE ...] [TARGET ...]
                                     [--model DIR] [--device auto|cpu|cuda] [--format png|seg|both]
                                     [--master URL] [--partitions N] [--commit-every N] [--threads N]
                                     [--progress-every SECONDS]
              Segments every target with the support set on Apache Spark, as `proxyprompt segment` does on one
              machine: the same masks under DIR in the same layout (DIR/<target>/<NAME>.png, <target>_seg.dcm
              with --format seg|both), and a Parquet table DIR/measurements.parquet with one row per target,
              frame and object (the measurements CSV's columns, quality flags, model sha256, support-set hash,
              timings) or one error row per target that could not be read. A re-run with the same model and
              support set skips the targets already in the table, so a killed job finishes the rest.
              TARGET is an image or DICOM file, a folder (its DICOM files are one series), or a quoted glob;
              --manifest names a CSV (header row) or Parquet file whose 'path' column lists files, series
              folders or URIs (hdfs://, s3a://, ...; relative paths are taken from the manifest's folder).
              --support IMG starts a support pair; its --mask options follow it (PNG or DICOM SEG), --frame N
              picks frame N (1-based) of a multi-frame support. --workspace DIR takes a support set saved by
              the workstation instead.
              Exit status: 0 done (failed targets are rows of the table), 2 bad input, 3 model or device error.
            """;

    /** A command line that cannot be used; the message says what to change. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    BatchOptions {
        manifests = List.copyOf(manifests);
        inputs = List.copyOf(inputs);
        supports = List.copyOf(supports);
        formats = Set.copyOf(formats);
    }

    /** Whether the help text was asked for. */
    static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    private record Pair(Path image, int frame, Map<String, Path> masks) {
    }

    static BatchOptions parse(String[] args) throws UsageException {
        List<String> manifests = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        Path workspace = null;
        String supportSet = null;
        String model = null;
        ExecutionDevice device = ExecutionDevice.AUTO;
        Path out = null;
        String format = "png";
        String master = null;
        int partitions = 0;
        int commitEvery = DEFAULT_COMMIT_EVERY;
        int threads = 0;
        int progress = 10;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--support" -> pairs.add(new Pair(Path.of(value(args, ++i, a)), 0, new LinkedHashMap<>()));
                case "--frame" -> {
                    int frame = number(args, ++i, a, 1);
                    if (pairs.isEmpty()) {
                        throw new UsageException("--frame must follow a --support IMG");
                    }
                    Pair last = pairs.remove(pairs.size() - 1);
                    pairs.add(new Pair(last.image(), frame - 1, last.masks()));
                }
                case "--mask" -> {
                    String spec = value(args, ++i, a);
                    if (pairs.isEmpty()) {
                        throw new UsageException("--mask " + spec + " must follow a --support IMG");
                    }
                    int eq = spec.indexOf('=');
                    if (eq <= 0 || eq == spec.length() - 1) {
                        throw new UsageException("--mask " + spec + ": write it as NAME=FILE, e.g. disc=disc.png");
                    }
                    Pair last = pairs.get(pairs.size() - 1);
                    if (last.masks().put(spec.substring(0, eq), Path.of(spec.substring(eq + 1))) != null) {
                        throw new UsageException("support " + last.image() + ": object '" + spec.substring(0, eq)
                                + "' is given twice");
                    }
                }
                case "--workspace" -> workspace = Path.of(value(args, ++i, a));
                case "--support-set" -> supportSet = value(args, ++i, a);
                case "--manifest" -> manifests.add(value(args, ++i, a));
                case "--model" -> model = value(args, ++i, a);
                case "--device" -> {
                    try {
                        device = ExecutionDevice.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--format" -> {
                    format = value(args, ++i, a);
                    if (!List.of("png", "seg", "both").contains(format)) {
                        throw new UsageException("--format must be png, seg or both, not '" + format + "'");
                    }
                }
                case "--master" -> master = value(args, ++i, a);
                case "--partitions" -> partitions = number(args, ++i, a, 0);
                case "--commit-every" -> commitEvery = number(args, ++i, a, 1);
                case "--threads" -> threads = number(args, ++i, a, 0);
                case "--progress-every" -> progress = number(args, ++i, a, 0);
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    inputs.add(a);
                }
            }
        }
        if (pairs.isEmpty() == (workspace == null)) {
            throw new UsageException(pairs.isEmpty()
                    ? "give a support set: --support IMG --mask NAME=FILE ..., or --workspace DIR"
                    : "give either --support pairs or --workspace, not both");
        }
        if (supportSet != null && workspace == null) {
            throw new UsageException("--support-set names a set of a --workspace DIR");
        }
        for (Pair p : pairs) {
            if (p.masks().isEmpty()) {
                throw new UsageException("support " + p.image() + ": no --mask NAME=FILE follows it");
            }
        }
        if (out == null) {
            throw new UsageException("--out DIR is required");
        }
        if (manifests.isEmpty() && inputs.isEmpty()) {
            throw new UsageException("give targets: --manifest FILE, or image files, folders or globs");
        }
        Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
        if (!format.equals("seg")) {
            formats.add(ExportFormat.PNG);
        }
        if (!format.equals("png")) {
            formats.add(ExportFormat.SEG);
        }
        List<SupportLoader.PairFiles> supports = pairs.stream()
                .map(p -> new SupportLoader.PairFiles(p.image(), p.frame(), p.masks())).toList();
        return new BatchOptions(manifests, inputs, supports, workspace, supportSet, model, device, out, formats,
                master, partitions, commitEvery, threads, progress);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, String option, int min) throws UsageException {
        String v = value(args, i, option);
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new UsageException(option + " must be " + min + " or more, not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + v + "'");
        }
    }
}
