package io.proxyprompt.ui;

import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.SampleSet;
import io.proxyprompt.common.AppVersion;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.pixel.PixelDecoder;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.logging.LogFile;
import io.proxyprompt.session.Autosaver;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.PreferenceRepository;
import io.proxyprompt.session.PropertiesPreferenceRepository;
import io.proxyprompt.session.SessionMarker;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.application.SegmentationEngine;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JavaFX application: wires the workstation's parts by hand and shows the main window. Preferences and the
 * workspace are opened in {@link #init()}, off the FX thread; the model loads on the compute thread after the
 * window is shown, so the window appears at once and Segment waits for the model.
 */
public final class App extends Application {

    /** System property (or environment variable PROXYPROMPT_WORKSPACE) naming the workspace folder. */
    public static final String WORKSPACE_PROPERTY = "proxyprompt.workspace";

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private Optional<LogFile> log = Optional.empty();
    private PreferenceRepository prefs;
    private Workspace workspace;
    private Autosaver autosaver;
    private Background background;
    private Optional<SegmentationEngine> segmentation = Optional.empty();
    private EngineStatus engine = EngineStatus.loading();
    private MainWindow current;
    private Images images;
    private ExportService exportService;
    private ModelSource models;
    private final List<String> startupProblems = new ArrayList<>();
    private Optional<SessionMarker.Recovery> recovered = Optional.empty();

    /** Starts the JavaFX toolkit and opens the workstation (blocks until the window closes). */
    public static void launchWorkstation(String[] args) {
        StartupProbe.mark("main");
        Application.launch(App.class, args);
    }

    /** The workspace folder: the property, the environment variable, else ~/ProxyPrompt/workspace. */
    static Path workspaceFolder() {
        String p = System.getProperty(WORKSPACE_PROPERTY, System.getenv("PROXYPROMPT_WORKSPACE"));
        return p != null && !p.isBlank() ? Path.of(p)
                : Path.of(System.getProperty("user.home"), "ProxyPrompt", "workspace");
    }

    @Override
    public void init() {
        StartupProbe.mark("toolkit_started");
        Path folder = workspaceFolder();
        startLog(folder.resolve("logs"));
        StartupProbe.mark("log_started");
        prefs = new PropertiesPreferenceRepository(PropertiesPreferenceRepository.defaultFile());
        try {
            workspace = WorkspaceStore.load(folder, startupProblems, true);
        } catch (IOException e) {
            startupProblems.add(e.getMessage());
            workspace = new Workspace(folder.resolveSibling(folder.getFileName() + "-recovered"));
        }
        StartupProbe.mark("workspace_read");
        recovered = markOpen(workspace, startupProblems);
        autosaver = new Autosaver(e -> startupProblems.add("Autosave failed: " + e.getMessage()));
        background = new Background();
        models = ModelSource.installed(prefs);
        DicomParser parser = new DicomParser();
        images = new Images(List.of(new DicomImageReader(parser, new PixelDecoder()), new RasterImageReader()));
        exportService = exportService(prefs);
    }

    /** The export the workstation uses: DICOM SEGs name this version, the anatomical rules as preferred. */
    static ExportService exportService(PreferenceRepository prefs) {
        return new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()), new DicomParser(),
                SegOptions.defaults(AppVersion.get())), AnatomicalRules.enabled(prefs.get(PrefKey.ANATOMY)));
    }

    /** How the workstation opens the model: device, threads, cache, threshold and rules from the preferences. */
    static ModelSegmentation.Settings engineSettings(PreferenceRepository prefs) {
        return new ModelSegmentation.Settings(prefs.get(PrefKey.DEVICE), prefs.get(PrefKey.THREADS),
                prefs.get(PrefKey.CACHE_MB), prefs.get(PrefKey.THRESHOLD), prefs.get(PrefKey.ANATOMY));
    }

    /** The rotating log in the workspace's logs/ folder; without it the workstation still runs (stderr only). */
    private void startLog(Path folder) {
        try {
            log = Optional.of(LogFile.start(folder));
        } catch (IOException | RuntimeException e) {
            startupProblems.add("No log file: " + e.getMessage());
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LOG.error("Uncaught in {}", thread.getName(), e));
        LOG.info("ProxyPrompt Workstation {} starting: Java {} ({}), {} {}, workspace {}",
                AppVersion.get(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                folder.getParent());
    }

    /**
     * Marks the workspace as open; when the last session did not close it (a crash, a kill), says what was
     * restored. A folder that cannot be marked is reported and the work goes on.
     */
    static Optional<SessionMarker.Recovery> markOpen(Workspace ws, List<String> problems) {
        try {
            return SessionMarker.open(ws);
        } catch (IOException e) {
            problems.add("Could not mark the workspace " + ws.folder() + " as open (" + e.getMessage()
                    + "); check that the folder is writable");
            return Optional.empty();
        }
    }

    /**
     * Opens the workspace's model (an adapted one it chose, else the base model) on the preferred device on the
     * compute thread (so a run queues behind it); a failure leaves the app usable for drawing, review and export,
     * and the window says what to change.
     */
    private void loadEngine(MainWindow window, java.util.Optional<Path> chosen) {
        background.compute(new ProgressTask<>("Load model", (p, c) -> models.open(chosen)), window::modelOpened,
                e -> {
                    String reason = "Segmentation is not available: the inference runtime failed to start (" + e
                            + "). Choose device 'cpu' in File > Preferences and restart.";
                    window.engineLoaded(new EngineStartup(Optional.empty(),
                            EngineStatus.unavailable("none", "the inference runtime failed to start", reason),
                            Optional.of(reason)));
                });
    }

    /** The window now uses this engine: the application closes it at the end. */
    private void engineChanged(EngineStartup started) {
        segmentation = started.service();
        engine = started.status();
    }

    @Override
    public void start(Stage stage) {
        StartupProbe.mark("init_done");
        MainWindow window = show(stage);
        StartupProbe.mark("window_built");
        var icon = App.class.getResourceAsStream("/io/proxyprompt/ui/icon-64.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        stage.setMaximized(true);
        stage.show();
        StartupProbe.mark("stage_shown");
        if (StartupProbe.wanted()) {
            StartupProbe.watch(stage.getScene(), window);
        }
        if (!startupProblems.isEmpty()) {
            window.notifier().error(String.join("\n", startupProblems));
        } else {
            recovered.ifPresent(r -> window.notifier().notice(r.message()));
        }
        // the model loads after the window's first frame, so that on a small machine the window paints first
        SceneSetup.afterNextPulse(window.root(), () -> loadEngine(window, workspace.model()));
    }

    /** Builds the window on the current workspace and puts it on the stage. */
    private MainWindow show(Stage stage) {
        Services services = new Services(prefs, workspace, autosaver, images, exportService, segmentation, engine,
                background, io.proxyprompt.settings.PacsServers.forThisUser(), models);
        MainWindow window = new MainWindow(services);
        window.onEngineChanged(this::engineChanged);
        current = window;
        window.attach(stage);
        window.onOpenWorkspace(folder -> switchWorkspace(stage, window, folder));
        window.offerSamples(SampleSet.find(InstallLocations.forThisProcess()));
        return window;
    }

    /** Saves the current workspace, opens the other folder off the FX thread, then rebuilds the window on it. */
    void switchWorkspace(Stage stage, MainWindow current, Path folder) {
        autosaver.save(workspace.snapshot());
        Path previous = workspace.folder();
        background.io(new ProgressTask<>("Open workspace", (p, c) -> {
            autosaver.flush();
            List<String> problems = new ArrayList<>();
            Workspace next = WorkspaceStore.load(folder, problems, true);
            Optional<SessionMarker.Recovery> recovery = markOpen(next, problems);
            SessionMarker.close(previous);
            return new Switched(next, problems, recovery);
        }), loaded -> {
            workspace = loaded.workspace();
            if (this.current != null) {
                // its model would land in the workspace left behind, where no window shows it
                this.current.cancelAdaptation();
            }
            MainWindow window = show(stage);
            // each workspace remembers its model: open it (the engine in use is replaced once that has loaded)
            loadEngine(window, workspace.model());
            window.notifier().info("Workspace " + folder);
            if (!loaded.problems().isEmpty()) {
                window.notifier().error(String.join("\n", loaded.problems()));
            } else {
                loaded.recovery().ifPresent(r -> window.notifier().notice(r.message()));
            }
        }, e -> current.notifier().error("Could not open the workspace " + folder + ": " + e.getMessage()
                + "; choose a folder you can write to"));
    }

    private record Switched(Workspace workspace, List<String> problems, Optional<SessionMarker.Recovery> recovery) {
    }

    @Override
    public void stop() throws Exception {
        if (current != null) {
            current.cancelAdaptation();
        }
        autosaver.save(workspace.snapshot());
        autosaver.close();
        SessionMarker.close(workspace.folder());
        background.close();
        segmentation.ifPresent(SegmentationEngine::close);
        LOG.info("ProxyPrompt Workstation stopped");
        log.ifPresent(LogFile::close);
    }
}
