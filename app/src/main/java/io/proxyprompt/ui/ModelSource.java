package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.ModelProvenance;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.PreferenceRepository;
import io.proxyprompt.ui.tasks.EngineStartup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the workstation's models come from: the base model (the preferences' folder or the bundled one), the
 * settings to open a model with, the adapted models of a workspace ({@code <workspace>/models}) and the training
 * backend that makes new ones. Opening the workspace's chosen model falls back to the base model, saying why.
 *
 * @param base    the base model folder
 * @param backend finds Python with PyTorch and the training code (what to install when missing)
 */
public record ModelSource(Path base, ModelSegmentation.Settings settings, Backend backend) {

    /** Finds the training backend; the exception's message says what to install. */
    @FunctionalInterface
    public interface Backend {
        PythonBackend find() throws PythonBackend.MissingException;
    }

    /**
     * A model opened for the window.
     *
     * @param adapted     the adapted model's folder, or empty for the base model
     * @param description name and provenance, for the status bar
     * @param details     the description with the folders and the full digest, for its tool tip
     * @param fallback    why the workspace's chosen model was not used (it is missing or broken), if so
     */
    public record Opened(EngineStartup startup, Optional<Path> adapted, String description, String details,
                         Optional<String> fallback, Optional<String> cdrCaveat) {
    }

    /** The models of this installation, opened with the user's preferences. */
    static ModelSource installed(PreferenceRepository prefs) {
        Path modelDir = prefs.get(PrefKey.MODEL_FOLDER);
        if (modelDir.equals(PrefKey.MODEL_FOLDER.defaultValue())) {
            modelDir = ModelLocator.forThisProcess().resolve(null);
        }
        return new ModelSource(modelDir, App.engineSettings(prefs),
                () -> PythonBackend.locate(InstallLocations.forThisProcess(), System.getenv()));
    }

    /** The folder of the adapted models of a workspace. */
    static Path folderOf(Path workspace) {
        return workspace.resolve("models");
    }

    /** A new folder for a model adapted from the base now: {@code <workspace>/models/<base>-adapted-<time>}. */
    Path newAdaptedFolder(Path workspace, LocalDateTime now) {
        return folderOf(workspace).resolve(base.getFileName() + "-adapted-"
                + now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The adapted models in a workspace (folders with a model.json; a run's staging folder is hidden), by name. */
    static List<Path> adaptedIn(Path workspace) {
        Path dir = folderOf(workspace);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve("model.json"))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Opens the chosen model (empty: the base); when the chosen folder is missing or broken, opens the base model
     * and says which folder could not be used. Runs on a worker thread.
     */
    Opened open(Optional<Path> chosen) {
        List<String> problems = new ArrayList<>();
        if (chosen.isPresent()) {
            Path folder = chosen.get();
            EngineStartup s = EngineStartup.open(folder, settings);
            if (s.service().isPresent()) {
                return opened(s, chosen, folder, Optional.empty());
            }
            problems.add("The adapted model " + folder + " could not be loaded (" + s.problem().orElse("")
                    + "); using the base model " + base + " instead. Choose another model in Segment > Model.");
        }
        EngineStartup s = EngineStartup.open(base, settings);
        Optional<String> fallback = problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
        return opened(s, Optional.empty(), base, fallback);
    }

    /** With the name and provenance of the opened model ("name version (base model)" or the adaptation's summary). */
    static Opened opened(EngineStartup s, Optional<Path> adapted, Path folder, Optional<String> fallback) {
        EngineStatus status = s.status();
        if (s.service().isPresent()) {
            try {
                ModelProvenance p = ModelProvenance.read(folder);
                return new Opened(s, adapted, p.adaptation().isPresent() ? p.summary() : p.title() + " (base model)",
                        p.details(), fallback, p.cdrCaveat());
            } catch (IOException e) {
                // the model loaded, so model.json was read a moment ago; show what the engine says
            }
        }
        return new Opened(s, adapted, status.model(), status.model(), fallback, Optional.empty());
    }
}
