package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the segmenter on annotated cases the way a clinic would check it: per object and repeat, K cases
 * drawn at random (seeded) as supports, every other case segmented and compared with its mask by Dice.
 */
public final class Evaluator {

    private final FewShotSegmenter segmenter;
    private final Images images;
    private final ResultCheck check;
    private final Map<Path, Frame> frames = new HashMap<>();
    private final Map<Path, Mask> masks = new HashMap<>();

    public Evaluator(FewShotSegmenter segmenter, Images images) {
        this(segmenter, images, ResultCheck.NONE);
    }

    /** @param check flags implausible results, so the report says how many failures the flags catch */
    public Evaluator(FewShotSegmenter segmenter, Images images, ResultCheck check) {
        this.segmenter = segmenter;
        this.images = images;
        this.check = check;
    }

    /**
     * What to run.
     *
     * @param objects  objects to evaluate (each on the cases that have it)
     * @param supports K, support cases per repeat
     * @param repeats  R, independent draws
     * @param seed     the same seed draws the same supports
     * @param clicks   simulated clicks per case after the automatic result (0: none; needs a click model)
     */
    public record Plan(List<String> objects, int supports, int repeats, long seed, int clicks) {
        public Plan {
            objects = List.copyOf(objects);
            if (supports < 1 || repeats < 1) {
                throw new IllegalArgumentException("supports and repeats must be at least 1");
            }
            if (clicks < 0) {
                throw new IllegalArgumentException("clicks must be 0 or more");
            }
        }

        /** A plan without simulated clicks. */
        public Plan(List<String> objects, int supports, int repeats, long seed) {
            this(objects, supports, repeats, seed, 0);
        }
    }

    /**
     * Runs the plan.
     *
     * @throws InvalidSupportException an object has fewer than K+1 cases, or a mask does not match its image
     * @throws ImageLoadException      a case's image cannot be read (names the file)
     * @throws IOException             a mask cannot be read (names the file)
     * @throws InferenceException      a graph failed
     */
    public EvaluationReport evaluate(PairsFolder pairs, Plan plan, ProgressListener progress,
                                     CancellationToken cancel)
            throws ImageLoadException, IOException, InferenceException {
        if (plan.clicks() > 0 && segmenter.refineUnavailableReason() != null) {
            throw new IllegalStateException(segmenter.refineUnavailableReason());
        }
        for (String o : plan.objects()) {
            int n = pairs.casesWith(o).size();
            if (n < plan.supports() + 1) {
                throw new InvalidSupportException("object '" + o + "' has " + n + " annotated case(s) in "
                        + pairs.dir() + "; " + plan.supports() + " support(s) need at least " + (plan.supports() + 1));
            }
        }
        List<EvaluationReport.Row> rows = new ArrayList<>();
        long total = 0;
        for (String o : plan.objects()) {
            total += (long) plan.repeats() * (pairs.casesWith(o).size() - plan.supports());
        }
        long done = 0;
        for (String object : plan.objects()) {
            List<PairsFolder.Case> cases = pairs.casesWith(object);
            for (int r = 0; r < plan.repeats(); r++) {
                List<PairsFolder.Case> order = new ArrayList<>(cases);
                Collections.shuffle(order, new Random(plan.seed() * 1_000_003L + r));
                List<PairsFolder.Case> chosen = order.subList(0, plan.supports());
                List<SupportPair> supportPairs = new ArrayList<>();
                for (PairsFolder.Case c : chosen) {
                    Path maskFile = c.masks().get(object);
                    supportPairs.add(new SupportPair(c.stem(), frame(c.image()), List.of(
                            new ObjectMask(object, mask(maskFile), maskFile.getFileName().toString()))));
                }
                SupportSet support = new SupportSet(supportPairs);
                String supportNames = String.join(" ", chosen.stream().map(PairsFolder.Case::stem).toList());
                for (PairsFolder.Case target : order.subList(plan.supports(), order.size())) {
                    cancel.throwIfCancelled();
                    progress.progress(done, total, object + " repeat " + (r + 1) + ": " + target.stem());
                    Frame image = frame(target.image());
                    SegmentationResult res = segmenter.segment(support, target.stem(), image, cancel);
                    Path truthFile = target.masks().get(object);
                    Mask truth = mask(truthFile);
                    Mask predicted = res.mask(object);
                    if (!truth.sameSize(predicted.width(), predicted.height())) {
                        throw new InvalidSupportException(truthFile.getFileName() + " is " + truth.width() + "x"
                                + truth.height() + " but its image is " + predicted.width() + "x"
                                + predicted.height() + "; masks must match their image's size");
                    }
                    List<String> flags = check.flags(res, image, support).getOrDefault(object, List.of());
                    List<Double> curve = plan.clicks() == 0 ? List.of() : ClickSimulator.diceCurve(segmenter,
                            segmenter.encodeSupport(support, cancel), image, object, predicted, truth, plan.clicks(),
                            cancel);
                    rows.add(new EvaluationReport.Row(r + 1, object, target.stem(), supportNames,
                            MaskMetrics.dice(predicted, truth), predicted.area(), truth.area(), flags, curve));
                    done++;
                }
            }
        }
        progress.progress(total, total, "Done");
        return new EvaluationReport(rows, summarise(rows, plan));
    }

    static List<EvaluationReport.ObjectSummary> summarise(List<EvaluationReport.Row> rows, Plan plan) {
        List<EvaluationReport.ObjectSummary> out = new ArrayList<>();
        for (String object : plan.objects()) {
            List<EvaluationReport.Row> mine = rows.stream().filter(r -> r.object().equals(object)).toList();
            double[] means = new double[plan.repeats()];
            for (int r = 1; r <= plan.repeats(); r++) {
                final int rep = r;
                means[r - 1] = mine.stream().filter(x -> x.repeat() == rep)
                        .mapToDouble(EvaluationReport.Row::dice).average().orElse(Double.NaN);
            }
            double mean = java.util.Arrays.stream(means).average().orElse(Double.NaN);
            double var = plan.repeats() < 2 ? 0 : java.util.Arrays.stream(means)
                    .map(m -> (m - mean) * (m - mean)).sum() / (plan.repeats() - 1);
            EvaluationReport.Row worst = mine.stream().min(Comparator.comparingDouble(EvaluationReport.Row::dice))
                    .orElse(null);
            long predicted = mine.stream().mapToLong(EvaluationReport.Row::predictedPx).sum();
            long truth = mine.stream().mapToLong(EvaluationReport.Row::truthPx).sum();
            double areaRatio = truth == 0 ? Double.NaN : (double) predicted / truth;
            out.add(new EvaluationReport.ObjectSummary(object, mean, Math.sqrt(var), worst, mine.size(), areaRatio,
                    EvaluationReport.QcTally.of(mine), EvaluationReport.ClickSummary.of(mine)));
        }
        return out;
    }

    private Frame frame(Path file) throws ImageLoadException {
        Frame f = frames.get(file);
        if (f == null) {
            f = images.openFrame(file);
            frames.put(file, f);
        }
        return f;
    }

    private Mask mask(Path file) throws IOException {
        Mask m = masks.get(file);
        if (m == null) {
            m = MaskFiles.read(file);
            masks.put(file, m);
        }
        return m;
    }
}
