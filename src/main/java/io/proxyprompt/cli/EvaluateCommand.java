package io.proxyprompt.cli;

import io.proxyprompt.export.AtomicFiles;
import io.proxyprompt.export.MeasurementsCsv;
import io.proxyprompt.export.PngMasks;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentOptions;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code evaluate}: how well the model segments a clinic's own annotated cases. Per repeat it draws K support
 * cases at random (seeded), segments every other case, and reports per object the mean Dice, its standard
 * deviation across repeats and the worst case; a per-image CSV goes next to the folder.
 */
public final class EvaluateCommand implements Command {

    private final Images images;
    private final ModelLocator models;

    public EvaluateCommand(Images images, ModelLocator models) {
        this.images = images;
        this.models = models;
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "measure Dice on annotated cases (random supports, repeated, seeded)";
    }

    @Override
    public String usage() {
        return """
                Usage: proxyprompt evaluate --pairs DIR [--supports K] [--repeats R] [--seed S] [--model DIR]
                                            [--device auto|cpu|cuda] [--objects a,b] [--csv FILE] [--overwrite]
                  DIR holds <stem>.<png|jpg|tif|dcm> images and <stem>_<object>.png masks (or images/ and
                  masks/ subfolders). Each object is evaluated on the cases that have it: per repeat, K of them
                  (default 1) are drawn as supports and every other one is segmented. Prints mean Dice, the
                  standard deviation of the per-repeat means (default R=5) and the worst case; writes a per-image
                  CSV (default: <DIR>-evaluation.csv beside DIR).
                """;
    }

    /** One segmented case in one repeat. */
    record Row(int repeat, String object, String target, String supports, double dice, long predicted, long truth) { }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Path pairsDir = null;
        int k = 1;
        int repeats = 5;
        long seed = 0;
        String model = null;
        ExecutionDevice device = ExecutionDevice.AUTO;
        List<String> only = null;
        Path csv = null;
        boolean overwrite = false;
        try {
            Args args = new Args(argv);
            while (args.hasNext()) {
                String a = args.next();
                switch (a) {
                    case "--pairs" -> pairsDir = Path.of(args.value(a));
                    case "--supports" -> k = Args.positiveInt(a, args.value(a));
                    case "--repeats" -> repeats = Args.positiveInt(a, args.value(a));
                    case "--seed" -> {
                        String v = args.value(a);
                        try {
                            seed = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new Args.UsageException("--seed needs a whole number, not '" + v + "'");
                        }
                    }
                    case "--model" -> model = args.value(a);
                    case "--device" -> device = ExecutionDevice.parse(args.value(a));
                    case "--objects" -> only = List.of(args.value(a).toLowerCase(Locale.ROOT).split(","));
                    case "--csv" -> csv = Path.of(args.value(a));
                    case "--overwrite" -> overwrite = true;
                    default -> throw new Args.UsageException("unknown argument " + a);
                }
            }
            if (pairsDir == null) {
                throw new Args.UsageException("--pairs DIR is required");
            }
        } catch (Args.UsageException | IllegalArgumentException e) {
            err.println("evaluate: " + e.getMessage() + " (see evaluate --help)");
            return BAD_INPUT;
        }
        PairsFolder pairs;
        try {
            pairs = PairsFolder.scan(pairsDir);
        } catch (IOException e) {
            err.println("evaluate: " + e.getMessage());
            return BAD_INPUT;
        }
        List<String> objects = only != null ? only : pairs.objects();
        if (objects.isEmpty()) {
            err.println("evaluate: " + pairsDir + " holds no <stem>.<ext> image with a <stem>_<object>.png mask");
            return BAD_INPUT;
        }
        for (String o : objects) {
            if (pairs.casesWith(o).size() < k + 1) {
                err.println("evaluate: object '" + o + "' has " + pairs.casesWith(o).size() + " annotated case(s) in "
                        + pairsDir + "; --supports " + k + " needs at least " + (k + 1));
                return BAD_INPUT;
            }
        }
        if (csv == null) {
            Path abs = pairsDir.toAbsolutePath().normalize();
            csv = abs.resolveSibling(abs.getFileName() + "-evaluation.csv");
        }
        List<Row> rows = new ArrayList<>();
        try (FewShotSegmenter seg = FewShotSegmenter.open(models.resolve(model), device, EngineSettings.defaults(),
                SegmentOptions.defaults())) {
            out.println("device: " + seg.device().describe());
            out.println("model: " + seg.engine().model());
            Map<Path, Frame> frames = new HashMap<>();
            Map<Path, Mask> masks = new HashMap<>();
            for (String object : objects) {
                List<PairsFolder.Case> cases = pairs.casesWith(object);
                for (int r = 0; r < repeats; r++) {
                    List<PairsFolder.Case> order = new ArrayList<>(cases);
                    Collections.shuffle(order, new Random(seed * 1_000_003L + r));
                    List<PairsFolder.Case> chosen = order.subList(0, k);
                    List<SupportPair> pairList = new ArrayList<>();
                    for (PairsFolder.Case c : chosen) {
                        pairList.add(new SupportPair(c.stem(), frame(frames, c.image()), List.of(
                                new ObjectMask(object, mask(masks, c.masks().get(object)),
                                        c.masks().get(object).getFileName().toString()))));
                    }
                    SupportSet support = new SupportSet(pairList);
                    String supportNames = String.join(" ", chosen.stream().map(PairsFolder.Case::stem).toList());
                    for (PairsFolder.Case target : order.subList(k, order.size())) {
                        SegmentationResult res = seg.segment(support, target.stem(), frame(frames, target.image()),
                                CancellationToken.never());
                        Mask truth = mask(masks, target.masks().get(object));
                        Mask predicted = res.mask(object);
                        if (!truth.sameSize(predicted.width(), predicted.height())) {
                            throw new InvalidSupportException(target.masks().get(object).getFileName() + " is "
                                    + truth.width() + "x" + truth.height() + " but its image is " + predicted.width()
                                    + "x" + predicted.height() + "; masks must match their image's size");
                        }
                        rows.add(new Row(r + 1, object, target.stem(), supportNames,
                                MaskMetrics.dice(predicted, truth), predicted.area(), truth.area()));
                    }
                    err.printf("evaluate: %s repeat %d/%d done%n", object, r + 1, repeats);
                }
            }
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("evaluate: " + e.getMessage());
            return MODEL_ERROR;
        } catch (ImageLoadException | IOException | InvalidSupportException e) {
            err.println("evaluate: " + e.getMessage());
            return BAD_INPUT;
        }
        report(rows, objects, k, repeats, seed, out);
        try {
            AtomicFiles.write(csv, csv(rows).getBytes(StandardCharsets.UTF_8), overwrite);
            out.println("per-image results: " + csv);
        } catch (FileAlreadyExistsException e) {
            err.println("evaluate: " + csv + " already exists; pass --csv FILE or --overwrite");
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("evaluate: could not write " + csv + ": " + e.getMessage());
            return BAD_INPUT;
        }
        return OK;
    }

    private Frame frame(Map<Path, Frame> cache, Path file) throws ImageLoadException {
        Frame f = cache.get(file);
        if (f == null) {
            f = images.openFrame(file);
            cache.put(file, f);
        }
        return f;
    }

    private static Mask mask(Map<Path, Mask> cache, Path file) throws IOException {
        Mask m = cache.get(file);
        if (m == null) {
            m = PngMasks.readMask(file);
            cache.put(file, m);
        }
        return m;
    }

    static void report(List<Row> rows, List<String> objects, int k, int repeats, long seed, PrintStream out) {
        out.println(String.format(Locale.ROOT, "supports: %d  repeats: %d  seed: %d", k, repeats, seed));
        for (String object : objects) {
            List<Row> mine = rows.stream().filter(r -> r.object().equals(object)).toList();
            double[] means = new double[repeats];
            for (int r = 1; r <= repeats; r++) {
                final int rep = r;
                means[r - 1] = mine.stream().filter(x -> x.repeat() == rep).mapToDouble(Row::dice).average()
                        .orElse(Double.NaN);
            }
            double mean = java.util.Arrays.stream(means).average().orElse(Double.NaN);
            double var = java.util.Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum()
                    / Math.max(1, repeats - 1);
            Row worst = mine.stream().min(java.util.Comparator.comparingDouble(Row::dice)).orElseThrow();
            out.println(String.format(Locale.ROOT,
                    "%s: mean_dice %.4f  std_across_repeats %.4f  worst %.4f (%s, repeat %d, supports %s)  n=%d",
                    object, mean, Math.sqrt(var), worst.dice(), worst.target(), worst.repeat(), worst.supports(),
                    mine.size()));
        }
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("repeat,object,target,supports,dice,predicted_px,truth_px\n");
        for (Row r : rows) {
            sb.append(r.repeat()).append(',').append(MeasurementsCsv.quote(r.object())).append(',')
                    .append(MeasurementsCsv.quote(r.target())).append(',').append(MeasurementsCsv.quote(r.supports()))
                    .append(',').append(String.format(Locale.ROOT, "%.5f", r.dice())).append(',')
                    .append(r.predicted()).append(',').append(r.truth()).append('\n');
        }
        return sb.toString();
    }
}
