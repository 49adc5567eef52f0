package io.proxyprompt.cli;

import io.proxyprompt.application.HeldOutComparison;
import io.proxyprompt.application.ModelAdaptation;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code adapt}: adapts a model to a clinic's camera from its own annotated cases (a pairs folder), with the
 * project's training code as the backend. Prints progress and the before/after measurements on the held-out pairs.
 */
@CommandLine.Command(name = "adapt",
        description = {"adapt the model to your camera from annotated cases (a new model folder)", "",
            "Needs Python 3 with PyTorch from the operating system (see the message if it is missing)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "2:bad input", "3:no Python/PyTorch or the training failed", "130:cancelled"})
public final class AdaptCommand extends CliCommand {

    private final ModelLocator models;
    private final Supplier<PythonBackend> backend;

    /** @param backend finds the training code and Python (throws {@link IllegalStateException} when missing) */
    public AdaptCommand(ModelLocator models, Supplier<PythonBackend> backend) {
        this.models = models;
        this.backend = backend;
    }

    /** The backend of this installation, found when the command runs. */
    public static Supplier<PythonBackend> installed() {
        return () -> {
            try {
                return PythonBackend.locate(InstallLocations.forThisProcess(), System.getenv());
            } catch (PythonBackend.MissingException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }

    @Override
    CliCommand copy() {
        return new AdaptCommand(models, backend);
    }

    @Option(names = "--pairs", paramLabel = "DIR", required = true,
            description = "your annotated cases: <stem>.<png|jpg|tif> images and <stem>_<object>.png masks (0/255),"
                    + " e.g. 16 photographs with their disc and cup outlined")
    Path pairs;

    @Option(names = "--out", paramLabel = "MODEL_DIR", required = true,
            description = "the NEW model folder (the base model is never changed); use it with --model MODEL_DIR or"
                    + " in the workstation")
    Path outDir;

    @Option(names = "--base", paramLabel = "MODEL_DIR", description = "the model to adapt (default: the bundled one)")
    String base;

    @Option(names = "--minutes", paramLabel = "M", description = "training time (default: 15)")
    double minutes = 15;

    @Option(names = "--steps", paramLabel = "N",
            description = "train N steps instead of minutes; with the same --seed it reproduces a run exactly"
                    + " (model.json records both)")
    int steps;

    @Option(names = "--holdout", paramLabel = "N",
            description = "pairs held out (drawn with the seed), never trained on, measured before and after"
                    + " (default: 4)")
    int holdout = 4;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the hold-out and the training (default: 0)")
    int seed;

    @Option(names = "--retain", paramLabel = "F",
            description = "share of synthetic images of every object mixed in, so that objects your pairs lack"
                    + " (vessels) are not forgotten (default: 0.3)")
    double retain = 0.3;

    @Option(names = "--threads", paramLabel = "T", description = "training threads (default: all cores)")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (minutes <= 0 || steps < 0 || holdout < 0 || retain < 0 || retain >= 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--minutes > 0, --steps >= 0, --holdout >= 0,"
                    + " 0 <= --retain < 1, --threads >= 1");
        }
        PythonBackend python;
        try {
            python = backend.get();
        } catch (IllegalStateException e) {
            err.println("adapt: " + e.getMessage());
            return MODEL_ERROR;
        }
        ModelAdaptation.Request request = new ModelAdaptation.Request(pairs, models.resolve(base), outDir, minutes,
                steps, holdout, retain, seed, threads);
        CancellationToken cancel = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "adapt-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("adapting " + request.base() + " on " + pairs + " -> " + outDir + " ("
                    + (steps > 0 ? steps + " steps" : minutes + " min") + ", " + holdout + " held out, seed " + seed
                    + ")");
            out.println("training code: " + python.python() + (python.usesJemalloc()
                    ? " on jemalloc (" + PythonBackend.JEMALLOC_ENV + "=off for the C library's allocator)"
                    : " on the C library's allocator (libjemalloc2 made training steps 4.7x faster on a 2-core"
                    + " virtual machine)"));
            ModelAdaptation.Result r = new ModelAdaptation(python).run(request, p -> err.printf(Locale.ROOT,
                    "[step %d%s] loss %.4f, %.1f min left%n", p.step(), p.totalSteps() > 0 ? "/" + p.totalSteps() : "",
                    p.loss(), p.minutesLeft()), line -> { }, cancel);
            out.printf(Locale.ROOT, "adapted in %d steps (%.1f min) -> %s%n", r.steps(), r.minutes(), r.model());
            printComparison(out, r.before(), r.after());
            return OK;
        } catch (CancelledException e) {
            err.println("adapt: cancelled; no model folder was written");
            return 130;
        } catch (IllegalArgumentException e) {
            err.println("adapt: " + e.getMessage());
            return BAD_INPUT;
        } catch (ModelAdaptation.FailedException | IOException e) {
            err.println("adapt: " + e.getMessage());
            return MODEL_ERROR;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waited for us and the JVM exits now
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void printComparison(PrintStream out, Map<String, Object> before, Map<String, Object> after) {
        if (before.isEmpty()) {
            return;
        }
        out.println("held-out pairs (never trained on):      before   after");
        Map<String, Object> db = (Map<String, Object>) before.getOrDefault("dice", Map.of());
        Map<String, Object> da = (Map<String, Object>) after.getOrDefault("dice", Map.of());
        db.keySet().forEach(o -> row(out, "  Dice " + o, db.get(o), da.get(o)));
        if (before.containsKey("vcdr_mae")) {
            row(out, "  vCDR mean absolute error", before.get("vcdr_mae"), after.get("vcdr_mae"));
        }
        if (before.containsKey("cup_covers_disc")) {
            row(out, "  cups covering the disc", before.get("cup_covers_disc"), after.get("cup_covers_disc"));
        }
        Map<String, Object> rb = (Map<String, Object>) before.getOrDefault("retention_synthetic_dice", Map.of());
        Map<String, Object> ra = (Map<String, Object>) after.getOrDefault("retention_synthetic_dice", Map.of());
        rb.keySet().forEach(o -> row(out, "  kept: synthetic " + o + " Dice", rb.get(o), ra.get(o)));
        List<String> worse = HeldOutComparison.worse(before, after);
        if (!worse.isEmpty()) {
            out.println("WORSE: " + HeldOutComparison.warning(worse));
        }
    }

    private static void row(PrintStream out, String name, Object before, Object after) {
        out.printf(Locale.ROOT, "%-40s %7s %7s%n", name, fmt(before), fmt(after));
    }

    private static String fmt(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            // counts (cups covering the disc) are whole numbers; measurements get three decimals
            return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d);
        }
        return v == null ? "-" : v.toString();
    }
}
