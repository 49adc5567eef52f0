package io.proxyprompt.ui;

import io.proxyprompt.application.ModelAdaptation;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.common.InstallLocations;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import io.proxyprompt.testing.ExternalTools;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 in the workstation: Segment › Adapt model to annotated cases with the project's training code on the
 * tiny configuration (seconds on 2 cores): the accepted targets of the workspace as the cases, progress, the
 * before/after chart, "Use this model" (the engine switches, results read out of date, edits are kept, the
 * workspace remembers it), Cancel (no model folder), and a missing Python (the command line's message).
 */
@ExtendWith(ApplicationExtension.class)
class AdaptFlowTest extends UiFixtures.WindowTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", ".")).toAbsolutePath();

    @TempDir
    static Path dir;
    static Path base;
    static Path pairs;

    private Workspace workspace;
    private ModelSource models;

    @BeforeAll
    static void tinyBaseModelAndPairs() throws Exception {
        ExternalTools.assumePythonModules("torch", "onnx", "cv2", "numpy");
        base = dir.resolve("tiny-base");
        Process p = new ProcessBuilder(ExternalTools.PYTHON, "training/export.py", "--untrained", "--config", "tiny",
                "--out", base.toString()).directory(REPO.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        pairs = Files.createDirectories(dir.resolve("pairs"));
        for (int i = 1; i <= 4; i++) {
            String stem = "fundus_" + i;
            Files.copy(UiFixtures.SAMPLES.resolve("fundus/" + stem + ".jpg"), pairs.resolve(stem + ".jpg"));
            for (String o : List.of("disc", "cup")) {
                Files.copy(UiFixtures.SAMPLES.resolve("fundus/" + stem + "_" + o + ".png"),
                        pairs.resolve(stem + "_" + o + ".png"));
            }
        }
    }

    private static ModelSource.Backend backend(Map<String, String> env) {
        return () -> PythonBackend.locate(InstallLocations.of(REPO, null), env);
    }

    @Start
    void start(Stage stage) throws Exception {
        workspace = new Workspace(Files.createTempDirectory(dir, "ws"));
        models = new ModelSource(base, new ModelSegmentation.Settings(ExecutionDevice.CPU, 1, 64, 0.5, true),
                backend(Map.of()));
        show(stage, dir, Optional.empty(), io.proxyprompt.application.EngineStatus.loading(), workspace, models);
        // as the application does at start: the workspace's model (none chosen yet: the base)
        ModelSource.Opened opened = models.open(workspace.model());
        assertTrue(opened.startup().service().isPresent(), opened.startup().problem().orElse(""));
        window.modelOpened(opened);
    }

    /** A run still going when a test failed is stopped, so no training process outlives the test. */
    @AfterEach
    void stopAdapting() {
        window.cancelAdaptation();
        UiFixtures.waitUntil(60, () -> !window.adaptationRunning());
    }

    /** Four accepted sample targets whose disc and cup masks stand for a clinician's corrections. */
    private List<TargetEntry> acceptedTargets(FxRobot robot) throws Exception {
        List<TargetEntry> made = new ArrayList<>();
        robot.interact(() -> {
            try {
                for (int i = 1; i <= 4; i++) {
                    TargetEntry t = workspace.addTarget(pairs.resolve("fundus_" + i + ".jpg"), "fundus_" + i + ".jpg");
                    for (String o : List.of("disc", "cup")) {
                        t.putMask(new Layer(o, 0), MaskFiles.read(pairs.resolve("fundus_" + i + "_" + o + ".png")));
                    }
                    t.setReviewed(true);
                    made.add(t);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return made;
    }

    private static List<String> entries(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).toList();
        }
    }

    @Test
    void theSegmentMenuOffersAdaptAndTheModels(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        Menu segment = bar.getMenus().get(3);
        MenuItem adapt = segment.getItems().stream().filter(i -> "adapt".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("Adapt model to annotated cases\u2026", adapt.getText());
        assertTrue(segment.getItems().stream().anyMatch(i -> "modelMenu".equals(i.getId())));
    }

    @Test
    void theAcceptedTargetsAdaptTheTinyModelAndUseThisModelSwitchesAndIsRemembered(FxRobot robot) throws Exception {
        assertEquals("Model: " + window.engine().status().model() + " (base model)",
                robot.lookup("#modelStatus").queryLabeled().getText());
        List<TargetEntry> targets = acceptedTargets(robot);
        // a result made with the base model and a correction of it: it must read out of date, and stay
        TargetEntry[] edited = new TargetEntry[1];
        robot.interact(() -> {
            SupportSetEntry set = workspace.addSupportSet("Disc");
            set.putObject(new ObjectSpec("disc", "#00FFFF"));
            edited[0] = workspace.addTarget(pairs.resolve("fundus_1.jpg"), "not accepted.jpg");
            edited[0].putMask(new Layer("disc", 0), targets.get(0).mask(new Layer("disc", 0)).copy());
            edited[0].setMadeWith("disc", workspace.resultFingerprint(set));
            edited[0].markEdited("disc");
            window.targets().items().setAll(workspace.targets());
        });
        byte[] corrected = edited[0].mask(new Layer("disc", 0)).data().clone();
        String baseSha = ModelBundle.sha256(base.resolve("weights.pt"));

        AdaptFlow[] flow = new AdaptFlow[1];
        robot.interact(() -> flow[0] = window.showAdaptation());
        robot.interact(() -> {
            flow[0].useWorkspaceTargets();
            flow[0].setBudget(0.1, 1, false);
        });
        assertTrue(robot.lookup("#adaptFound").queryLabeled().getText().startsWith("4 accepted targets: "),
                robot.lookup("#adaptFound").queryLabeled().getText());
        UiFixtures.waitUntil(60, () -> !robot.lookup("#adaptRun").queryButton().isDisabled());
        robot.clickOn("#adaptRun");
        UiFixtures.waitUntil(10, () -> flow[0].running().get());
        UiFixtures.waitUntil(180, () -> !flow[0].running().get());
        ModelAdaptation.Result r = flow[0].result().orElseThrow(() -> new AssertionError(flow[0].message()
                .getText()));
        assertTrue(flow[0].message().getText().startsWith("Adapted in "), flow[0].message().getText());
        assertEquals(workspace.folder().resolve("models"), r.model().getParent());
        assertTrue(r.model().getFileName().toString().startsWith("tiny-base-adapted-"), r.model().toString());
        ModelBundle.load(r.model());
        assertEquals(baseSha, ModelBundle.sha256(base.resolve("weights.pt")), "the base model is never changed");
        // the cases came from the workspace, in the pairs layout the training code reads
        Path written = workspace.folder().resolve("adaptation-pairs").resolve(r.model().getFileName());
        assertEquals(List.of("fundus_1.jpg", "fundus_1_cup.png", "fundus_1_disc.png", "fundus_2.jpg",
                "fundus_2_cup.png", "fundus_2_disc.png", "fundus_3.jpg", "fundus_3_cup.png", "fundus_3_disc.png",
                "fundus_4.jpg", "fundus_4_cup.png", "fundus_4_disc.png"), entries(written).stream().sorted().toList());
        // the chart: Dice per object before and after on the held-out case
        Map<String, Map<String, Number>> bars = flow[0].chart().diceBars();
        assertEquals(List.of("Before (base model)", "After (adapted)"), List.copyOf(bars.keySet()));
        assertEquals(List.of("cup", "disc"), bars.get("Before (base model)").keySet().stream().sorted().toList());
        assertTrue(flow[0].chart().numbersText().contains("vCDR error"), flow[0].chart().numbersText());

        Button use = robot.lookup("#adaptUse").queryButton();
        assertFalse(use.isDisabled());
        robot.clickOn(use);
        UiFixtures.waitUntil(60, () -> window.engine().adapted().isPresent());
        String shown = robot.lookup("#modelStatus").queryLabeled().getText();
        assertTrue(shown.startsWith("Model: " + r.model().getFileName()) && shown.contains("adapted from tiny-base")
                && shown.contains(baseSha.substring(0, 8)) && shown.contains("3 pairs + 1 held out"), shown);
        assertTrue(window.engine().status().model().startsWith(r.model().getFileName().toString()),
                window.engine().status().model());
        assertTrue(edited[0].stale(), "a result of the base model is out of date now");
        assertTrue(UiFixtures.statusShown(robot, edited[0]).contains("out of date"),
                UiFixtures.statusShown(robot, edited[0]));
        assertTrue(java.util.Arrays.equals(corrected, edited[0].mask(new Layer("disc", 0)).data()),
                "the correction is kept");

        // Segment › Model lists the base and the adapted model, the one in use ticked; the base is one click away
        Menu modelMenu = (Menu) robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(3).getItems().stream()
                .filter(i -> "modelMenu".equals(i.getId())).findFirst().orElseThrow();
        robot.interact(() -> modelMenu.getOnShowing().handle(null));
        List<String> listed = modelMenu.getItems().stream().filter(i -> i instanceof RadioMenuItem)
                .map(i -> i.getText() + (((RadioMenuItem) i).isSelected() ? " *" : "")).toList();
        assertEquals(List.of("Base: tiny-base", "Adapted: " + r.model().getFileName() + " *"), listed);

        // the workspace remembers the model; opening it again opens that model
        ui.autosaver().flush();
        Workspace back = WorkspaceStore.load(workspace.folder(), new ArrayList<>());
        assertEquals(Optional.of(r.model()), back.model());
        assertTrue(back.targets().get(4).stale());
        ModelSource.Opened reopened = models.open(back.model());
        assertEquals(Optional.of(r.model()), reopened.adapted());
        assertTrue(reopened.description().contains("adapted from tiny-base"), reopened.description());
        reopened.startup().service().ifPresent(io.proxyprompt.application.SegmentationEngine::close);

        // back to the base model from the menu: the base model's results are current again
        robot.interact(() -> modelMenu.getItems().get(0).fire());
        UiFixtures.waitUntil(60, () -> window.engine().adapted().isEmpty());
        assertFalse(edited[0].stale());
        assertTrue(robot.lookup("#modelStatus").queryLabeled().getText().endsWith("(base model)"));

        // a broken model folder: the base model opens and the message names the folder
        Files.delete(r.model().resolve("mask_decoder.onnx"));
        ModelSource.Opened fallback = models.open(back.model());
        assertEquals(Optional.empty(), fallback.adapted());
        assertTrue(fallback.startup().service().isPresent());
        assertTrue(fallback.fallback().orElseThrow().contains(r.model().toString()), fallback.fallback().get());
        fallback.startup().service().ifPresent(io.proxyprompt.application.SegmentationEngine::close);
    }

    @Test
    void anAdaptationThatMeasuredWorseThanItsBaseSaysSoAndIsOfferedOnlyAnyway(FxRobot robot) throws Exception {
        // stage 13's weights adapted on 16 synthetic v2 photographs (training/README.md): the vCDR error rose
        ModelAdaptation.Result worse = new ModelAdaptation.Result(dir.resolve("worse-model"), 162, 15.1,
                Map.of("dice", Map.of("disc", 0.8505, "cup", 0.8107), "vcdr_mae", 0.1372, "cup_covers_disc", 0),
                Map.of("dice", Map.of("disc", 0.8769, "cup", 0.8221), "vcdr_mae", 0.2536, "cup_covers_disc", 0));
        AdaptFlow[] flow = new AdaptFlow[1];
        robot.interact(() -> {
            flow[0] = window.showAdaptation();
            flow[0].finished(worse);
        });
        String said = flow[0].message().getText();
        assertTrue(said.startsWith("Adapted in 162 steps") && said.contains("measured worse than its base on the "
                + "held-out pairs: vCDR error 0.137 -> 0.254") && said.contains("Keep the base model"), said);
        assertTrue(flow[0].message().getStyleClass().contains("error-text"));
        Button use = robot.lookup("#adaptUse").queryButton();
        assertEquals("Use this model anyway", use.getText());
        assertFalse(use.isDisabled(), "the clinician may still choose it, knowing");
        MessageBar bar = robot.lookup("#notifications").queryAs(MessageBar.class);
        assertTrue(bar.isShowing() && bar.getText().contains("vCDR error 0.137 -> 0.254"), bar.getText());

        // the window opened again looks for Python again; finding it must not wipe the warning
        robot.interact(() -> window.showAdaptation());
        services.background().awaitQueued();
        robot.interact(() -> { });
        assertTrue(flow[0].message().getText().contains("measured worse than its base"), flow[0].message().getText());
        assertEquals("Use this model anyway", use.getText());
    }

    @Test
    void cancelLeavesNoModelFolder(FxRobot robot) throws Exception {
        AdaptFlow[] flow = new AdaptFlow[1];
        robot.interact(() -> {
            flow[0] = window.showAdaptation();
            flow[0].setFolder(pairs);
            flow[0].setBudget(5, 1, false);
        });
        UiFixtures.waitUntil(60, () -> !robot.lookup("#adaptRun").queryButton().isDisabled());
        robot.clickOn("#adaptRun");
        UiFixtures.waitUntil(120, () -> flow[0].message().getText().startsWith("Step "));
        robot.clickOn("#adaptCancel");
        UiFixtures.waitUntil(60, () -> !flow[0].running().get());
        assertEquals("Cancelled; no model folder was written", flow[0].message().getText());
        assertTrue(flow[0].result().isEmpty());
        assertEquals(List.of(), entries(workspace.folder().resolve("models")), "no model, no staging folder");
        assertEquals(List.of(), entries(dir.resolve("pairs")).stream().filter(n -> n.startsWith(".")).toList());
    }

    @Test
    void aMissingPythonSaysWhatToInstallAndAdaptStaysOff(FxRobot robot) throws Exception {
        ModelSource.Backend none = backend(Map.of(PythonBackend.PYTHON_ENV, dir.resolve("no-python").toString()));
        String expected = assertThrows(PythonBackend.MissingException.class, none::find).getMessage();
        AdaptFlow flow = new AdaptFlow(new Services(services.prefs(), services.workspace(), services.autosaver(),
                services.images(), services.export(), services.segmentation(), services.engine(),
                services.background(), services.pacsServers(), new ModelSource(base, models.settings(), none)),
                window.notifier(), p -> { });
        robot.interact(() -> flow.show(window.window()));
        robot.interact(() -> flow.setFolder(pairs));
        UiFixtures.waitUntil(60, () -> flow.message().getText().contains("apt-get install python3-torch"));
        assertEquals(expected, flow.message().getText(), "the same message as the command line");
        assertTrue(flow.runButton().isDisabled());
        assertEquals(List.of(), entries(workspace.folder().resolve("models")));
    }
}
