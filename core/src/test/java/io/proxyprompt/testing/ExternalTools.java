package io.proxyprompt.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gates tests that need an outside tool (dcmtk, dicom3tools, Debian's PyTorch): they skip with a visible reason
 * on a machine without it, and fail instead when {@value #REQUIRE_FLAG}=1 (set by .ci/run, which installs them).
 */
public final class ExternalTools {

    public static final String REQUIRE_FLAG = "PROXYPROMPT_REQUIRE_TOOLS";
    public static final String PYTHON = "/usr/bin/python3";

    private ExternalTools() {
    }

    /** True when CI demands every outside tool, so a missing one is a failure and not a skip. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_FLAG)) || Boolean.getBoolean("proxyprompt.requireTools");
    }

    /** Skips (or, in CI, fails) unless every named executable is on the PATH. */
    public static void assumeOnPath(String... tools) {
        for (String tool : tools) {
            if (findOnPath(tool) == null) {
                missing(tool + " is not installed (apt-get install dcmtk dicom3tools, or run .ci/run)");
            }
        }
    }

    /** Skips (or, in CI, fails) unless Debian's python3 can import every named module. */
    public static void assumePythonModules(String... modules) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            missing(PYTHON + " is not installed");
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c", "import " + String.join(", ", modules)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                missing("importing " + modules + " in " + PYTHON + " timed out");
            }
            if (p.exitValue() != 0) {
                missing(PYTHON + " cannot import " + String.join(", ", modules)
                        + " (apt-get install python3-torch python3-onnx python3-pydicom)");
            }
        } catch (java.io.IOException e) {
            missing(PYTHON + " could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing("interrupted while probing " + PYTHON);
        }
    }

    /** Skips (or, in CI, fails) with {@code reason} unless every file exists. */
    public static void assumeFiles(String reason, Path... files) {
        for (Path f : files) {
            if (f == null || !Files.exists(f)) {
                missing(reason);
            }
        }
    }

    /** Skips (or, in CI, fails) with {@code reason} unless {@code available}. */
    public static void assumeAvailable(boolean available, String reason) {
        if (!available) {
            missing(reason);
        }
    }

    /** The executable's path, or {@code null} when it is not on the PATH. */
    public static Path findOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void missing(String reason) {
        if (required()) {
            Assertions.fail(REQUIRE_FLAG + "=1 but " + reason);
        }
        Assumptions.abort("Skipped: " + reason);
    }
}
