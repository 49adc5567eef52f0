package io.proxyprompt.cli;

import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.segment.SegmentOptions;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.application.EvaluationCsv;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.quality.QualityCheck;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code evaluate}: how well the model segments a clinic's own annotated cases. Per repeat it draws K support
 * cases at random (seeded), segments every other case, and reports per object the mean Dice, its standard
 * deviation across repeats, the worst case and what the quality flags caught; a per-image CSV goes next to the
 * folder.
 */
@CommandLine.Command(name = "evaluate",
        description = {"measure Dice on annotated cases (random supports, repeated, seeded)", "",
            "Each object is evaluated on the cases that have it: per repeat, K of them are drawn as supports and every"
                + " other one is segmented. Prints mean Dice, the standard deviation of the per-repeat means, the"
                + " worst case and area_ratio (predicted over expert pixels: above 1 the model marks more than the"
                + " expert drew), and how many failures (Dice < 0.5) the quality flags caught and how many good"
                + " cases they flagged; writes a per-image CSV with each case's flags."})
public final class EvaluateCommand extends CliCommand {

    private final Images images;
    private final ModelLocator models;

    public EvaluateCommand(Images images, ModelLocator models) {
        this.images = images;
        this.models = models;
    }

    @Override
    CliCommand copy() {
        return new EvaluateCommand(images, models);
    }

    @Option(names = "--pairs", paramLabel = "DIR", required = true,
            description = "the annotated cases: <stem>.<png|jpg|tif|dcm> images and <stem>_<object>.png masks"
                    + " (or images/ and masks/ subfolders)")
    Path pairsDir;

    @Option(names = "--supports", paramLabel = "K", converter = OptionTypes.PositiveInt.class,
            description = "supports drawn per repeat (default: 1)")
    int k = 1;

    @Option(names = "--repeats", paramLabel = "R", converter = OptionTypes.PositiveInt.class,
            description = "random draws of the supports (default: 5)")
    int repeats = 5;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the draws (default: 0)")
    long seed;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--objects", paramLabel = "a,b", split = ",",
            description = "only these objects (default: every object with a mask)")
    List<String> objectsOption;

    @Option(names = "--csv", paramLabel = "FILE", description = "the per-image CSV (default: <DIR>-evaluation.csv"
            + " beside DIR)")
    Path csv;

    @Option(names = "--overwrite", description = "replace the CSV if it exists")
    boolean overwrite;

    @Option(names = "--clicks", paramLabel = "N", description = "after the automatic result, simulate up to N clicks"
            + " per case (centre of the largest error region against the expert mask, positive for missed object,"
            + " negative for false object) and print mean Dice after 0..N clicks and NoC@85 / NoC@90 (capped at N);"
            + " needs a click-trained model (default: 0)")
    int clicks;

    @Override
    public Integer call() {
        if (clicks < 0) {
            err.println("evaluate: --clicks must be 0 or more, got " + clicks);
            return BAD_INPUT;
        }
        List<String> only = objectsOption == null ? null
                : objectsOption.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
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
        EvaluationReport report;
        try (FewShotSegmenter seg = FewShotSegmenter.open(models.resolve(modelOptions.model), modelOptions.device,
                EngineSettings.defaults(), SegmentOptions.defaults())) {
            out.println("device: " + seg.device().describe());
            out.println("model: " + seg.engine().model());
            if (clicks > 0 && seg.refineUnavailableReason() != null) {
                err.println("evaluate: --clicks " + clicks + ": " + seg.refineUnavailableReason());
                return MODEL_ERROR;
            }
            report = new Evaluator(seg, images, QualityCheck.defaults().forEvaluation()).evaluate(pairs,
                    new Evaluator.Plan(objects, k, repeats, seed, clicks),
                    (done, total, msg) -> { }, CancellationToken.never());
        } catch (ModelLoadException | DeviceException | InferenceException e) {
            err.println("evaluate: " + e.getMessage());
            return MODEL_ERROR;
        } catch (ImageLoadException | IOException | InvalidSupportException e) {
            err.println("evaluate: " + e.getMessage());
            return BAD_INPUT;
        }
        List<EvaluationReport.Row> rows = report.rows();
        print(report, k, repeats, seed, out);
        try {
            AtomicFiles.writeString(csv, EvaluationCsv.format(rows), AtomicFiles.Existing.replaceIf(overwrite));
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

    static void print(EvaluationReport report, int k, int repeats, long seed, PrintStream out) {
        out.println(String.format(Locale.ROOT, "supports: %d  repeats: %d  seed: %d", k, repeats, seed));
        for (EvaluationReport.ObjectSummary o : report.summaries()) {
            EvaluationReport.Row worst = o.worst();
            out.println(String.format(Locale.ROOT,
                    "%s: mean_dice %.4f  std_across_repeats %.4f  worst %.4f (%s, repeat %d, supports %s)  n=%d"
                            + "  area_ratio %.2f",
                    o.object(), o.meanDice(), o.stdAcrossRepeats(), worst.dice(), worst.target(), worst.repeat(),
                    worst.supports(), o.n(), o.areaRatio()));
        }
        EvaluationReport.QcTally all = report.summaries().stream().map(EvaluationReport.ObjectSummary::qc)
                .reduce(new EvaluationReport.QcTally(0, 0, 0, 0), EvaluationReport.QcTally::plus);
        for (EvaluationReport.ObjectSummary o : report.summaries()) {
            out.println(qcLine(o.object(), o.qc()));
        }
        if (report.summaries().size() > 1) {
            out.println(qcLine("all", all));
        }
        for (EvaluationReport.ObjectSummary o : report.summaries()) {
            if (o.clicks() != null) {
                out.println(clickLine(o.object(), o.clicks()));
            }
        }
    }

    /** E.g. {@code clicks disc: dice_after 0:0.9017 1:0.9300 2:0.9400  NoC@85 0.40  NoC@90 1.20 (capped at 2)}. */
    static String clickLine(String object, EvaluationReport.ClickSummary c) {
        StringBuilder b = new StringBuilder("clicks " + object + ": dice_after");
        for (int k = 0; k < c.meanDice().size(); k++) {
            b.append(String.format(Locale.ROOT, " %d:%.4f", k, c.meanDice().get(k)));
        }
        return b.append(String.format(Locale.ROOT, "  NoC@85 %.2f  NoC@90 %.2f (capped at %d)", c.noc85(), c.noc90(),
                c.maxClicks())).toString();
    }

    /** One object's quality-flag line, e.g. {@code qc disc: caught 5/6 failures (83 %, Dice < 0.5), ...}. */
    static String qcLine(String object, EvaluationReport.QcTally qc) {
        return "qc " + object + ": " + qc.summary();
    }
}
