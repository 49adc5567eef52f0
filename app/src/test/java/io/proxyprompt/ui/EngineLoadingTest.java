package io.proxyprompt.ui;

import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.application.EngineStatus;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window shows before the model has loaded: "Loading model…" in the status bar and Segment disabled with the
 * reason, then the device; a missing model is reported and the rest of the window keeps working.
 */
@ExtendWith(ApplicationExtension.class)
class EngineLoadingTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(), EngineStatus.loading());
    }

    private String statusText(FxRobot robot) {
        return robot.lookup("#statusBar").queryAs(StatusBar.class).getText();
    }

    @Test
    void whileTheModelLoadsSegmentWaitsAndSaysWhyThenTheDeviceShows(FxRobot robot) {
        assertEquals("Loading model\u2026", statusText(robot));
        Button run = robot.lookup("#segmentButton").queryButton();
        assertTrue(run.isDisabled());
        assertEquals(EngineStatus.loading().unavailableReason(), run.getTooltip().getText());

        // the rest of the window works meanwhile
        Path a = UiFixtures.png(dir, "while_loading", 120, 90, 40, 45);
        robot.interact(() -> window.openTargets(List.of(a)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 1 && window.document().isPresent());

        robot.interact(() -> window.engineLoaded(engine));
        assertTrue(statusText(robot).startsWith("Device: " + engine.status().device()), statusText(robot));
        assertEquals("Model: " + engine.status().model(), robot.lookup("#modelStatus").queryLabeled().getText());
        // now only the support set is missing
        assertEquals("Create a support set in the support library first", run.getTooltip().getText());
    }

    @Test
    void aRunAskedForWhileLoadingStartsOnceTheModelHasLoaded(FxRobot robot) throws Exception {
        Path target = UiFixtures.SAMPLES.resolve("fundus/fundus_2.jpg");
        robot.interact(() -> window.openTargets(List.of(target)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 1);
        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(UiFixtures.SAMPLES.resolve("fundus/fundus_1.jpg"));
        });
        UiFixtures.waitUntil(20, () -> window.support().selectedPair().isPresent()
                && window.document().orElse(null) instanceof io.proxyprompt.ui.viewer.SupportDocument);
        robot.interact(() -> window.support().loadMask(UiFixtures.SAMPLES.resolve("fundus/fundus_1_disc.png")));
        UiFixtures.waitUntil(20, () -> services.workspace().selectedSet().orElseThrow().isComplete());

        robot.interact(() -> window.runner().runWhenReady());
        assertFalse(window.runner().running().get(), "nothing runs before the model is there");
        assertEquals(TargetStatus.NOT_RUN, services.workspace().targets().get(0).status());

        robot.interact(() -> window.engineLoaded(engine));
        UiFixtures.waitUntil(120, () -> !window.runner().running().get()
                && services.workspace().targets().get(0).status() == TargetStatus.DONE);
        assertEquals(720, services.workspace().targets().get(0).mask(new Layer("disc", 0)).width());
    }

    @Test
    void aMissingModelIsReportedAndTheWindowKeepsWorking(FxRobot robot) throws Exception {
        Path noModel = Files.createTempDirectory(dir, "no-model");
        EngineStartup failed = EngineStartup.open(noModel, new ModelSegmentation.Settings(ExecutionDevice.CPU, 1, 64, 0.5, true));
        assertTrue(failed.service().isEmpty());
        robot.interact(() -> window.engineLoaded(failed));

        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        UiFixtures.waitUntil(5, pane::isShowing);
        assertTrue(pane.getText().contains("Segmentation is not available"), pane.getText());
        assertTrue(pane.getText().contains("Preferences"), pane.getText());
        assertTrue(statusText(robot).startsWith("Device: none"), statusText(robot));
        Button run = robot.lookup("#segmentButton").queryButton();
        assertTrue(run.isDisabled());
        assertEquals(failed.status().unavailableReason(), run.getTooltip().getText());

        Path a = UiFixtures.png(dir, "after_failure", 120, 90, 40, 45);
        robot.interact(() -> window.openTargets(List.of(a)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 1 && window.document().isPresent());
    }
}
