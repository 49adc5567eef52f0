package io.proxyprompt.cli;

import io.proxyprompt.inference.DeviceException;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.inference.ModelLoadException;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.SegmentOptions;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the model folder: {@code --model DIR} when given, else {@value ModelBundle#DEFAULT_MODEL} under the working
 * directory, beside the jar, or one level above it (the jar sits in {@code target/} during development).
 */
public final class ModelLocator {

    private final Path workingDir;
    private final Path jarDir;

    public ModelLocator(Path workingDir, Path jarDir) {
        this.workingDir = workingDir;
        this.jarDir = jarDir;
    }

    /** The locator for this process (working directory and the location of the running code). */
    public static ModelLocator forThisProcess() {
        Path jarDir = null;
        try {
            Path code = Path.of(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jarDir = Files.isDirectory(code) ? code : code.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            // no code source (unusual class loader): only the working directory is searched
        }
        return new ModelLocator(Path.of("").toAbsolutePath(), jarDir);
    }

    /** The explicit folder, or the first default location that exists (or the working-directory one, to name it). */
    public Path resolve(String explicit) {
        if (explicit != null) {
            return Path.of(explicit);
        }
        for (Path candidate : candidates()) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return workingDir.resolve(ModelBundle.DEFAULT_MODEL);
    }

    /**
     * Opens the model {@code explicit} names (or the default one) on the device with the default settings, and
     * prints the device and model lines that segment and evaluate start with.
     */
    FewShotSegmenter openAnnounced(String explicit, ExecutionDevice device, PrintStream out)
            throws ModelLoadException, DeviceException {
        FewShotSegmenter segmenter = FewShotSegmenter.open(resolve(explicit), device, EngineSettings.defaults(),
                SegmentOptions.defaults());
        out.println("device: " + segmenter.device().describe());
        out.println("model: " + segmenter.engine().model());
        return segmenter;
    }

    List<Path> candidates() {
        List<Path> c = new ArrayList<>();
        c.add(workingDir.resolve(ModelBundle.DEFAULT_MODEL));
        if (jarDir != null) {
            c.add(jarDir.resolve(ModelBundle.DEFAULT_MODEL));
            if (jarDir.getParent() != null) {
                c.add(jarDir.getParent().resolve(ModelBundle.DEFAULT_MODEL));
            }
        }
        return c;
    }
}
