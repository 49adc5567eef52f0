package io.proxyprompt.ui;

import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.common.OpenCv;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.PhotoWriter;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.session.Autosaver;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.session.PropertiesPreferenceRepository;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.SegmentationEngine;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synthetic fundus-like images and the wiring the UI tests share (real readers, the shipped model). */
final class UiFixtures {

    static final Path SAMPLES = Path.of(System.getProperty("proxyprompt.repo", "."), "samples");
    static final Path MODEL = Path.of(System.getProperty("proxyprompt.repo", "."), "models", "proxyprompt-small");

    private UiFixtures() {
    }

    /** A fundus-like colour photograph: dark border, orange field of view, a bright disc at (dx, dy), vessels. */
    static byte[] fundusRgb(int w, int h, int dx, int dy) {
        OpenCv.load();
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(0, 0, 0));
        try {
            Imgproc.circle(m, new Point(w / 2.0, h / 2.0), (int) (Math.min(w, h) * 0.47), new Scalar(40, 90, 190), -1);
            Imgproc.circle(m, new Point(dx, dy), (int) (Math.min(w, h) * 0.08), new Scalar(150, 220, 250), -1);
            for (int i = 0; i < 5; i++) {
                Imgproc.line(m, new Point(dx, dy), new Point(w * (0.2 + 0.15 * i), h * (i % 2 == 0 ? 0.1 : 0.9)),
                        new Scalar(20, 40, 120), 3);
            }
            byte[] bgr = new byte[w * h * 3];
            m.get(0, 0, bgr);
            for (int i = 0; i < bgr.length; i += 3) {
                byte b = bgr[i];
                bgr[i] = bgr[i + 2];
                bgr[i + 2] = b;
            }
            return bgr;
        } finally {
            m.release();
        }
    }

    static Path png(Path dir, String name, int w, int h, int dx, int dy) {
        byte[] rgb = fundusRgb(w, h, dx, dy);
        Mat m = new Mat(h, w, CvType.CV_8UC3);
        try {
            byte[] bgr = rgb.clone();
            for (int i = 0; i < bgr.length; i += 3) {
                byte b = bgr[i];
                bgr[i] = bgr[i + 2];
                bgr[i + 2] = b;
            }
            m.put(0, 0, bgr);
            Path f = dir.resolve(name + ".png");
            Imgcodecs.imwrite(f.toString(), m);
            return f;
        } finally {
            m.release();
        }
    }

    /** The same kind of photograph stored as DICOM by the project's own writer. */
    static Path dicomPhoto(Path dir, String name, int w, int h, int dx, int dy) throws IOException {
        Path f = dir.resolve(name + ".dcm");
        new PhotoWriter(new DicomWriter()).write(f, w, h, fundusRgb(w, h, dx, dy), PhotoWriter.Subject.anonymous());
        return f;
    }

    /** The export the workstation wires (the same as the command line's). */
    static ExportService exportService() {
        return io.proxyprompt.Main.exportService(new io.proxyprompt.dicom.DicomParser());
    }

    static Images images() {
        return new Images(List.of(new DicomImageReader(), new RasterImageReader()));
    }

    /** Opens the shipped model on the CPU with one thread (the UI tests' load must not starve the FX thread). */
    static EngineStartup engine() {
        return EngineStartup.open(MODEL, new ModelSegmentation.Settings(ExecutionDevice.CPU, 1, 64, 0.5, true));
    }

    /** Opens the shipped model as {@link #engine()} does and fails the test, with the reason, when it did not open. */
    static EngineStartup openedEngine() {
        EngineStartup engine = engine();
        assertTrue(engine.service().isPresent(), () -> engine.problem().orElse(""));
        return engine;
    }

    static void close(EngineStartup engine) {
        engine.service().ifPresent(SegmentationEngine::close);
    }

    /** A main window shown on the test's stage, with the services and workers behind it; close() after each test. */
    record Shown(Path prefsFile, Background background, Autosaver autosaver, Services services, MainWindow window,
                 java.util.prefs.Preferences pacsNode) {
        void close() throws Exception {
            autosaver.close();
            background.close();
            pacsNode.removeNode();
        }
    }

    /** Wires fresh services (preferences and workspace in new folders under dir) and shows the window on stage. */
    static Shown show(Stage stage, Path dir, Optional<SegmentationEngine> segmentation, EngineStatus status)
            throws IOException {
        return show(stage, dir, new Workspace(Files.createTempDirectory(dir, "ws")), segmentation, status);
    }

    /**
     * For the screenshot programs: a new 1280 x 860 stage with the workstation, no engine and the status line of a
     * CPU machine (call on the FX thread).
     */
    static Shown showForScreenshot(Path dir) throws IOException {
        Stage stage = new Stage();
        stage.setWidth(1280);
        stage.setHeight(860);
        return show(stage, dir, Optional.empty(), new EngineStatus("CPU (2 threads)", "auto: no NVIDIA device",
                "proxyprompt-small 0.1.0", false, null));
    }

    /** As {@link #show(Stage, Path, Optional, EngineStatus)} on a given workspace (e.g. one opened from disk). */
    static Shown show(Stage stage, Path dir, Workspace workspace, Optional<SegmentationEngine> segmentation,
                      EngineStatus status) throws IOException {
        return show(stage, dir, segmentation, status, workspace, null);
    }

    /** As {@link #show(Stage, Path, Optional, EngineStatus)} on a given workspace and models (null: installed). */
    static Shown show(Stage stage, Path dir, Optional<SegmentationEngine> segmentation, EngineStatus status,
                      Workspace workspace, ModelSource models) throws IOException {
        Background background = new Background();
        Autosaver autosaver = new Autosaver(e -> { });
        Path prefsFile = Files.createTempDirectory(dir, "prefs").resolve("p.properties");
        java.util.prefs.Preferences pacsNode = java.util.prefs.Preferences.userRoot()
                .node("io/proxyprompt/test-" + java.util.UUID.randomUUID());
        PropertiesPreferenceRepository prefs = new PropertiesPreferenceRepository(prefsFile);
        Services services = new Services(prefs, workspace, autosaver, images(), exportService(), segmentation,
                status, background, new io.proxyprompt.settings.PacsServers(pacsNode),
                models != null ? models : ModelSource.installed(prefs));
        MainWindow window = new MainWindow(services);
        window.attach(stage);
        stage.show();
        return new Shown(prefsFile, background, autosaver, services, window, pacsNode);
    }

    /**
     * Base of the tests on the real main window: the test's {@code @Start} calls {@link #show} (TestFX looks for
     * {@code @Start} on the test class itself), and the window's workers are closed after each test.
     */
    abstract static class WindowTest {
        Shown ui;
        MainWindow window;
        Services services;

        void show(Stage stage, Path dir, Optional<SegmentationEngine> segmentation, EngineStatus status)
                throws IOException {
            ui = UiFixtures.show(stage, dir, segmentation, status);
            services = ui.services();
            window = ui.window();
        }

        void show(Stage stage, Path dir, Optional<SegmentationEngine> segmentation, EngineStatus status,
                  Workspace workspace, ModelSource models) throws IOException {
            ui = UiFixtures.show(stage, dir, segmentation, status, workspace, models);
            services = ui.services();
            window = ui.window();
        }

        @AfterEach
        void closeWindow() throws Exception {
            ui.close();
        }
    }

    /** A {@link WindowTest} on a tiny model folder (copied under the test's folder), opened per test. */
    abstract static class TinyModelWindowTest extends WindowTest {
        EngineStartup engine;

        void showWith(Stage stage, Path dir, Path model) throws IOException {
            engine = EngineStartup.open(model, new ModelSegmentation.Settings(ExecutionDevice.CPU, 1, 64, 0.5, true));
            assertTrue(engine.service().isPresent(), () -> engine.problem().orElse(""));
            show(stage, dir, engine.service(), engine.status());
        }

        @AfterEach
        void closeModel() {
            close(engine);
        }
    }

    /** A {@link WindowTest} with the shipped model opened once for the test class. */
    abstract static class ShippedModelWindowTest extends WindowTest {
        static EngineStartup engine;

        @BeforeAll
        static void openModel() {
            engine = openedEngine();
        }

        @AfterAll
        static void closeModel() {
            close(engine);
        }
    }

    /** Passes every call to the real engine, after a hook a test overrides to watch or hold the call. */
    abstract static class Delegating implements SegmentationEngine {
        private final SegmentationEngine real;

        Delegating(SegmentationEngine real) {
            this.real = real;
        }

        void beforeRun() {
        }

        void beforeEvaluate(ProgressListener progress, CancellationToken cancel) throws Exception {
        }

        @Override
        public EngineStatus status() {
            return real.status();
        }

        @Override
        public BatchSummary run(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                                CancellationToken cancel, Consumer<FrameOutcome> onTarget) throws Exception {
            beforeRun();
            return real.run(support, targets, progress, cancel, onTarget);
        }

        @Override
        public EvaluationReport evaluate(Images images, PairsFolder pairs, Evaluator.Plan plan,
                                         ProgressListener progress, CancellationToken cancel) throws Exception {
            beforeEvaluate(progress, cancel);
            return real.evaluate(images, pairs, plan, progress, cancel);
        }

        @Override
        public String clicksUnavailable() {
            return real.clicksUnavailable();
        }

        @Override
        public io.proxyprompt.mask.Mask refine(SupportSet support, io.proxyprompt.image.Frame target, String object,
                                               List<io.proxyprompt.segment.Click> clicks,
                                               java.util.Map<String, io.proxyprompt.mask.Mask> current,
                                               CancellationToken cancel) throws Exception {
            return real.refine(support, target, object, clicks, current, cancel);
        }
    }

    /**
     * Opens a synthetic target, builds a "Disc" set on a synthetic support with a disc drawn round its bright spot,
     * segments the target and shows it in the viewer with the disc active (the Click tool tests start here).
     */
    static io.proxyprompt.session.TargetEntry segmentedDiscTarget(org.testfx.api.FxRobot robot, MainWindow window,
                                                                    Path dir) {
        Path target = png(dir, "target", 200, 150, 60, 75);
        Path support = png(dir, "support", 200, 150, 130, 70);
        robot.interact(() -> window.openTargets(List.of(target)));
        waitUntil(30, () -> window.targets().items().size() == 1);
        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(io.proxyprompt.session.ObjectSpec.DISC);
            window.support().addPair(support);
        });
        waitUntil(30, () -> window.document().orElse(null) instanceof io.proxyprompt.ui.viewer.SupportDocument);
        io.proxyprompt.mask.Mask disc = io.proxyprompt.testing.TinyModel.rect(200, 150, 110, 50, 150, 90);
        robot.interact(() -> {
            var doc = window.document().orElseThrow();
            System.arraycopy(disc.data(), 0, doc.editableMask(0, "disc").data(), 0, disc.data().length);
            doc.edited("disc");
        });
        io.proxyprompt.session.TargetEntry t = window.targets().items().get(0);
        robot.interact(() -> {
            window.targets().list().getSelectionModel().clearAndSelect(0);
            window.runner().runSelected();
        });
        waitUntil(60, () -> !window.runner().running().get()
                && t.status() != io.proxyprompt.session.TargetStatus.RUNNING
                && t.mask(new io.proxyprompt.session.Layer("disc", 0)) != null);
        robot.interact(() -> {
            window.targets().list().getSelectionModel().clearSelection();
            window.targets().list().getSelectionModel().select(0);
        });
        waitUntil(30, () -> window.document().orElse(null) instanceof io.proxyprompt.ui.viewer.TargetDocument d
                && d.target() == t);
        robot.interact(() -> {
            window.tools().activeObjectProperty().set("disc");
            window.viewer().requestFocus();
        });
        return t;
    }

    /** Drags the primary button through image points (x0, y0, x1, y1, ...) of the viewer, as a hand would. */
    static void drag(org.testfx.api.FxRobot robot, io.proxyprompt.ui.viewer.ImageViewer viewer, double... imageXy) {
        robot.moveTo(viewer.imageToScreen(imageXy[0], imageXy[1])).press(javafx.scene.input.MouseButton.PRIMARY);
        for (int i = 2; i < imageXy.length; i += 2) {
            robot.moveTo(viewer.imageToScreen(imageXy[i], imageXy[i + 1]));
        }
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
    }

    /** The status line a person reads under a target's name in the targets list ("(not shown)" if scrolled off). */
    static String statusShown(org.testfx.api.FxRobot robot, io.proxyprompt.session.TargetEntry t) {
        javafx.scene.control.ListView<?> list = robot.lookup("#targetsList").queryAs(javafx.scene.control.ListView.class);
        for (javafx.scene.Node n : list.lookupAll(".list-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> c && c.getItem() == t) {
                return c.lookupAll(".status").stream().map(l -> ((javafx.scene.control.Label) l).getText())
                        .findFirst().orElse("");
            }
        }
        return "(not shown)";
    }

    /** Waits (without blocking the FX thread) until the condition holds. */
    static void waitUntil(long seconds, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not reached within " + seconds + " s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
