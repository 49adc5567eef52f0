package io.proxyprompt.cli;

import io.proxyprompt.application.ModelAdaptation;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;

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
public final class AdaptCommand implements Command {

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
    public String name() {
        return "adapt";
    }

    @Override
    public String summary() {
        return "adapt the model to your camera from annotated cases (a new model folder)";
    }

    @Override
    public String usage() {
        return """
                Usage: proxyprompt adapt --pairs DIR --out MODEL_DIR [--minutes M | --steps N] [--holdout N]
                                         [--base MODEL_DIR] [--seed S] [--retain F] [--threads T]
                  DIR holds <stem>.<png|jpg|tif> images and <stem>_<object>.png masks (0/255), e.g. 16 of your
                  photographs with their disc and cup outlined. N of them (default 4, drawn with the seed) are held
                  out, never trained on, and measured before and after. --retain F (default 0.3) mixes in synthetic
                  images of every object so that objects your pairs lack (vessels) are not forgotten.
                  Writes a NEW model folder (the base model is never changed); use it with --model MODEL_DIR or in
                  the workstation. --steps N with the same --seed reproduces a run exactly (model.json records both).
                  Needs Python 3 with PyTorch from the operating system (see the message if it is missing).
                  Exit status: 0 done, 2 bad input, 3 no Python/PyTorch or the training failed, 130 cancelled.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Path pairs = null;
        Path outDir = null;
        String base = null;
        double minutes = 15;
        int steps = 0;
        int holdout = 4;
        int seed = 0;
        double retain = 0.3;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            Args args = new Args(argv);
            while (args.hasNext()) {
                String a = args.next();
                switch (a) {
                    case "--pairs" -> pairs = Path.of(args.value(a));
                    case "--out" -> outDir = Path.of(args.value(a));
                    case "--base" -> base = args.value(a);
                    case "--minutes" -> minutes = Double.parseDouble(args.value(a));
                    case "--steps" -> steps = Integer.parseInt(args.value(a));
                    case "--holdout" -> holdout = Integer.parseInt(args.value(a));
                    case "--seed" -> seed = Integer.parseInt(args.value(a));
                    case "--retain" -> retain = Double.parseDouble(args.value(a));
                    case "--threads" -> threads = Integer.parseInt(args.value(a));
                    default -> throw new Args.UsageException("unknown option " + a);
                }
            }
            if (pairs == null || outDir == null) {
                throw new Args.UsageException("give --pairs DIR and --out MODEL_DIR");
            }
            if (minutes <= 0 || steps < 0 || holdout < 0 || retain < 0 || retain >= 1 || threads < 1) {
                throw new Args.UsageException("--minutes > 0, --steps >= 0, --holdout >= 0, 0 <= --retain < 1, "
                        + "--threads >= 1");
            }
        } catch (Args.UsageException | IllegalArgumentException e) {
            err.println("adapt: " + e.getMessage() + " (see adapt --help)");
            return BAD_INPUT;
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
