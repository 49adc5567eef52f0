package io.proxyprompt.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Adapts a model to a clinic's camera from its own annotated cases: runs the project's training code
 * ({@link PythonBackend}) on a pairs folder, streams its progress, can be cancelled, and yields a new model folder
 * whose {@code model.json} records the base model, the pairs, the steps and the before/after measurements on the
 * held-out pairs. The base model is never modified; a cancelled or failed run leaves no model folder behind.
 */
public final class ModelAdaptation {

    /** finetune.py's progress and result lines; Python's json module writes NaN for a measurement it lacks. */
    private static final ObjectMapper PROGRESS_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /**
     * What to adapt.
     *
     * @param steps   train exactly this many steps (reproducible with the same seed), or 0 for the minutes budget
     * @param holdout pairs held out (drawn seeded from the folder, never trained on) to measure before and after
     * @param retain  share of episodes from synthetic images with every object, so no object is forgotten
     */
    public record Request(Path pairs, Path base, Path out, double minutes, int steps, int holdout, double retain,
                          int seed, int threads) {

        /** The defaults of {@code proxyprompt adapt}: 15 minutes, 4 held out, 30 % retention, seed 0, 2 threads. */
        public static Request of(Path pairs, Path base, Path out) {
            return new Request(pairs, base, out, 15, 0, 4, 0.3, 0, 2);
        }

        public Request withBudget(double m, int s) {
            return new Request(pairs, base, out, m, s, holdout, retain, seed, threads);
        }

        public Request withHoldout(int n) {
            return new Request(pairs, base, out, minutes, steps, n, retain, seed, threads);
        }

        public Request withSeed(int s) {
            return new Request(pairs, base, out, minutes, steps, holdout, retain, s, threads);
        }
    }

    /** One progress report of the training loop. */
    public record Progress(int step, int totalSteps, double minutesLeft, double loss) {
    }

    /**
     * A finished adaptation.
     *
     * @param before the measurements on the held-out pairs with the base model (Dice per object, vCDR error, cups
     *               covering the disc, retention on synthetic images)
     * @param after  the same with the adapted model
     */
    public record Result(Path model, int steps, double minutes, Map<String, Object> before,
                         Map<String, Object> after) {
    }

    /** The run failed; the message says why (the training code's last lines). */
    public static final class FailedException extends Exception {
        public FailedException(String message) {
            super(message);
        }
    }

    private final PythonBackend backend;

    public ModelAdaptation(PythonBackend backend) {
        this.backend = backend;
    }

    /** The command line of the training code for a request. */
    List<String> command(Request r) {
        List<String> cmd = new ArrayList<>(List.of(backend.python().toString(), "-u", backend.script().toString(),
                "--pairs", r.pairs().toString(), "--model", r.base().toString(), "--out", r.out().toString(),
                "--holdout", Integer.toString(r.holdout()), "--retain", Double.toString(r.retain()),
                "--seed", Integer.toString(r.seed()), "--threads", Integer.toString(r.threads())));
        if (r.steps() > 0) {
            cmd.addAll(List.of("--steps", Integer.toString(r.steps())));
        } else {
            cmd.addAll(List.of("--minutes", Double.toString(r.minutes())));
        }
        return cmd;
    }

    /** The training process for a request, with the backend's environment (its allocator). */
    ProcessBuilder processFor(Request r) {
        ProcessBuilder pb = new ProcessBuilder(command(r)).directory(backend.trainingDir().toFile());
        pb.environment().putAll(backend.environment());
        return pb;
    }

    /**
     * Runs the adaptation to the end (or until cancelled).
     *
     * @throws IllegalArgumentException the pairs folder or base model is missing, or the output folder exists
     * @throws FailedException          the training code failed (its last lines say why) or wrote no valid model
     * @throws CancelledException       the token was cancelled; no model folder was written
     */
    public Result run(Request r, Consumer<Progress> progress, Consumer<String> log, CancellationToken cancel)
            throws FailedException, IOException {
        if (!Files.isDirectory(r.pairs())) {
            throw new IllegalArgumentException(r.pairs() + ": no such folder of annotated pairs");
        }
        if (!Files.isRegularFile(r.base().resolve("weights.pt"))) {
            throw new IllegalArgumentException(r.base() + ": not a model folder with weights.pt (the base model)");
        }
        if (Files.exists(r.out())) {
            throw new IllegalArgumentException(r.out() + " already exists; choose a new folder for the adapted model");
        }
        Process p = processFor(r).start();
        Deque<String> errors = new ArrayDeque<>();
        Thread stderr = new Thread(() -> drain(p, errors, log), "adapt-stderr");
        stderr.setDaemon(true);
        stderr.start();
        Map<String, Object> done = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            Thread watcher = cancelWatcher(p, cancel);
            String line;
            while ((line = readLine(out, cancel)) != null) {
                Map<String, Object> m = json(line);
                if (m == null) {
                    log.accept(line);
                } else if (m.containsKey("step")) {
                    progress.accept(new Progress(number(m.get("step")), number(m.get("steps")),
                            decimal(m.get("minutes_left")), decimal(m.get("loss"))));
                } else if (Boolean.TRUE.equals(m.get("done"))) {
                    done = m;
                } else {
                    log.accept(line);
                }
            }
            watcher.interrupt();
        }
        int exit;
        try {
            exit = p.waitFor();
            stderr.join(5000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        if (cancel.isCancelled()) {
            removeLeftovers(r.out());
            throw new CancelledException();
        }
        if (exit != 0 || done == null) {
            removeLeftovers(r.out());
            throw new FailedException("adapting the model failed (exit " + exit + "): "
                    + String.join(" | ", errors));
        }
        try {
            ModelBundle.load(r.out());
        } catch (ModelLoadException e) {
            throw new FailedException("the adapted model in " + r.out() + " does not load: " + e.getMessage());
        }
        return new Result(r.out(), number(done.get("steps")), decimal(done.get("minutes")), map(done.get("before")),
                map(done.get("after")));
    }

    /** The next line, or null at the end; a stream closed by a cancel counts as the end. */
    private static String readLine(BufferedReader in, CancellationToken cancel) throws IOException {
        try {
            return in.readLine();
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                return null;
            }
            throw e;
        }
    }

    /** Stops the training code when the token is cancelled (SIGTERM first, then by force). */
    private static Thread cancelWatcher(Process p, CancellationToken cancel) {
        Thread t = new Thread(() -> {
            try {
                while (p.isAlive()) {
                    if (cancel.isCancelled()) {
                        p.destroy();
                        if (!p.waitFor(20, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                        return;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "adapt-cancel");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drain(Process p, Deque<String> errors, Consumer<String> log) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.isBlank() || line.contains("Warning")) {
                    continue;
                }
                log.accept(line);
                synchronized (errors) {
                    errors.addLast(line.strip());
                    while (errors.size() > 4) {
                        errors.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended; what was read is enough
        }
    }

    /** Removes staging folders a killed run may have left beside the output. */
    private static void removeLeftovers(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.filter(x -> x.getFileName().toString().startsWith("." + out.getFileName() + ".partial-"))
                    .toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Map<String, Object> json(String line) {
        String t = line.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            return PROGRESS_JSON.readValue(t, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static double decimal(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
