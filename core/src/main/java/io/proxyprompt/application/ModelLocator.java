package io.proxyprompt.application;

import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.inference.ModelBundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the model folder: the one the user names, else {@value ModelBundle#DEFAULT_MODEL} among the
 * {@link InstallLocations} (working directory, installation folder, beside the jar).
 */
public final class ModelLocator {

    private final InstallLocations locations;

    public ModelLocator(InstallLocations locations) {
        this.locations = locations;
    }

    /** The locator for a working directory and a jar folder (null: none). */
    public ModelLocator(Path workingDir, Path jarDir) {
        this(InstallLocations.of(workingDir, jarDir));
    }

    /** The locator for this process. */
    public static ModelLocator forThisProcess() {
        return new ModelLocator(InstallLocations.forThisProcess());
    }

    /** The explicit folder, or the first default location that exists (or the working-directory one, to name it). */
    public Path resolve(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return locations.find(ModelBundle.DEFAULT_MODEL, Files::isDirectory)
                .orElse(locations.workingDir().resolve(ModelBundle.DEFAULT_MODEL));
    }

    /** Where the default model is looked for, in order (for messages). */
    public List<Path> candidates() {
        return locations.candidates(ModelBundle.DEFAULT_MODEL);
    }
}
