package io.proxyprompt.application;

import io.proxyprompt.common.InstallLocations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project's training code and a Python that can run it (PyTorch, onnx, OpenCV and NumPy from the operating
 * system): the backend of model adaptation. {@link #locate} says exactly what to install when either is missing.
 *
 * @param python      the interpreter
 * @param trainingDir the folder holding {@code finetune.py}
 * @param environment variables the training process is started with: jemalloc preloaded where the system has it
 */
public record PythonBackend(Path python, Path trainingDir, Map<String, String> environment) {

    /** Environment variable naming the interpreter to use instead of the system's. */
    public static final String PYTHON_ENV = "PROXYPROMPT_PYTHON";

    /** Environment variable: {@code off} leaves the training code on the C library's allocator. */
    public static final String JEMALLOC_ENV = "PROXYPROMPT_JEMALLOC";

    /**
     * Where Debian, Ubuntu and Fedora put jemalloc ({@code libjemalloc2}). PyTorch training under glibc's allocator
     * gives large buffers back to the system after every step and takes them again, page fault by page fault; on
     * the 2-core virtual machines this project is built on one training step of the shipped configuration took
     * 5.3 s that way and 0.87 s with jemalloc keeping its pages (training/README.md, "Allocator"). The training
     * scripts look in the same places (training/jemalloc.sh).
     */
    public static final List<Path> JEMALLOC = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"), Path.of("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"),
            Path.of("/usr/lib64/libjemalloc.so.2"), Path.of("/usr/lib/libjemalloc.so.2"));

    /** jemalloc keeps the pages it frees, so a step reuses the previous step's memory instead of faulting it in. */
    static final String MALLOC_CONF = "dirty_decay_ms:-1,muzzy_decay_ms:-1";

    /** What to install, for the message when the backend is missing. */
    public static final String INSTALL_HINT = "On Debian or Ubuntu: sudo apt-get install python3-torch python3-onnx "
            + "python3-opencv python3-numpy libopenblas0-openmp libjemalloc2; or set " + PYTHON_ENV
            + " to a Python 3 that has torch, onnx, cv2 and numpy";

    public PythonBackend {
        environment = Map.copyOf(environment);
    }

    /** Whether the training code runs with jemalloc (shown next to the adaptation's progress). */
    public boolean usesJemalloc() {
        return environment.containsKey("LD_PRELOAD");
    }

    /** The backend is missing or broken; the message names what and what to install. */
    public static final class MissingException extends Exception {
        public MissingException(String message) {
            super(message);
        }
    }

    /** The training script adaptation runs. */
    public Path script() {
        return trainingDir.resolve("finetune.py");
    }

    /**
     * Finds the training code among the install locations and a Python that imports its packages.
     *
     * @param env the process environment (for {@value #PYTHON_ENV})
     */
    public static PythonBackend locate(InstallLocations locations, Map<String, String> env) throws MissingException {
        return locate(locations, env, JEMALLOC);
    }

    /** {@link #locate(InstallLocations, Map)} with the places jemalloc may be. */
    static PythonBackend locate(InstallLocations locations, Map<String, String> env, List<Path> jemalloc)
            throws MissingException {
        Optional<Path> script = locations.find("training/finetune.py", Files::isRegularFile);
        if (script.isEmpty()) {
            throw new MissingException("the training code (training/finetune.py) was not found beside the "
                    + "application (looked in " + locations.candidates("training") + "); reinstall the application "
                    + "or run it from its source folder");
        }
        List<Path> pythons = new ArrayList<>();
        String named = env.get(PYTHON_ENV);
        if (named != null && !named.isBlank()) {
            pythons.add(Path.of(named));
        } else {
            pythons.add(Path.of("/usr/bin/python3"));
            pythons.add(Path.of("python3"));
            pythons.add(Path.of("python"));
        }
        Map<String, String> fast = allocatorEnvironment(env, jemalloc);
        String last = "no Python 3 found";
        for (Path python : pythons) {
            String problem = probe(python, fast);
            if (problem == null) {
                return new PythonBackend(python, script.get().getParent(), fast);
            }
            // a Python that imports its packages only without the preload keeps the system's allocator
            if (!fast.isEmpty() && probe(python, Map.of()) == null) {
                return new PythonBackend(python, script.get().getParent(), Map.of());
            }
            last = problem;
        }
        throw new MissingException("adapting a model needs Python 3 with PyTorch (" + last + "). " + INSTALL_HINT);
    }

    /**
     * The variables that preload jemalloc: empty when {@value #JEMALLOC_ENV} is {@code off} or none of
     * {@code candidates} exists. A preload already set is kept after jemalloc, and so is the user's own
     * {@code MALLOC_CONF}.
     */
    static Map<String, String> allocatorEnvironment(Map<String, String> env, List<Path> candidates) {
        if ("off".equalsIgnoreCase(env.getOrDefault(JEMALLOC_ENV, "").strip())) {
            return Map.of();
        }
        Optional<Path> lib = candidates.stream().filter(Files::isRegularFile).findFirst();
        if (lib.isEmpty()) {
            return Map.of();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        String preload = env.getOrDefault("LD_PRELOAD", "").strip();
        vars.put("LD_PRELOAD", preload.isEmpty() ? lib.get().toString() : lib.get() + ":" + preload);
        vars.put("MALLOC_CONF", env.getOrDefault("MALLOC_CONF", MALLOC_CONF));
        return vars;
    }

    /** Null when {@code python}, started with {@code environment} added, imports the packages, else what went wrong. */
    static String probe(Path python, Map<String, String> environment) {
        try {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c", "import torch, onnx, cv2, numpy")
                    .redirectErrorStream(true);
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " did not answer within 2 minutes";
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                String lastLine = out.isEmpty() ? "" : out.lines().reduce((a, b) -> b).orElse("");
                return python + " cannot import torch, onnx, cv2 and numpy: " + lastLine;
            }
            return null;
        } catch (IOException e) {
            return python + " could not be started (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + python;
        }
    }
}
