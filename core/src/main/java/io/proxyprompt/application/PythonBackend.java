package io.proxyprompt.application;

import io.proxyprompt.common.InstallLocations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 */
public record PythonBackend(Path python, Path trainingDir) {

    /** Environment variable naming the interpreter to use instead of the system's. */
    public static final String PYTHON_ENV = "PROXYPROMPT_PYTHON";

    /** What to install, for the message when the backend is missing. */
    public static final String INSTALL_HINT = "On Debian or Ubuntu: sudo apt-get install python3-torch python3-onnx "
            + "python3-opencv python3-numpy libopenblas0-openmp; or set " + PYTHON_ENV
            + " to a Python 3 that has torch, onnx, cv2 and numpy";

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
        String last = "no Python 3 found";
        for (Path python : pythons) {
            String problem = probe(python);
            if (problem == null) {
                return new PythonBackend(python, script.get().getParent());
            }
            last = problem;
        }
        throw new MissingException("adapting a model needs Python 3 with PyTorch (" + last + "). " + INSTALL_HINT);
    }

    /** Null when {@code python} imports the packages, else what went wrong. */
    static String probe(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import torch, onnx, cv2, numpy")
                    .redirectErrorStream(true).start();
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
