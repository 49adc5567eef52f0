package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.Click;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.testing.TinyModel;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Click tool (issue 21) driven as a clinician would, on a tiny exported click model: C selects it, a left click
 * adds a positive point and a right or Alt click a negative one, the mask is redrawn after each, the clicks are kept
 * with the target, Backspace removes the last, undo brings clicks and mask back together, the target becomes
 * "edited"; it works on a support image too.
 */
@ExtendWith(ApplicationExtension.class)
class ClickToolTest extends UiFixtures.TinyModelWindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        showWith(stage, dir, TinyModel.copyClicksTo(java.nio.file.Files.createTempDirectory(dir, "m")));
    }

    private String notification(FxRobot robot) {
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        return pane.isShowing() ? pane.getText() : "";
    }

    private TargetEntry segmentedTarget(FxRobot robot) {
        return UiFixtures.segmentedDiscTarget(robot, window, dir);
    }

    private void clickAt(FxRobot robot, double x, double y, MouseButton button) {
        robot.moveTo(window.viewer().imageToScreen(x + 0.5, y + 0.5)).clickOn(button);
    }

    @Test
    void clicksRedrawTheMaskAreKeptWithTheTargetAndUndoTogether(FxRobot robot) {
        TargetEntry t = segmentedTarget(robot);
        Layer disc = new Layer("disc", 0);
        Mask automatic = t.mask(disc).copy();
        robot.type(KeyCode.C);
        assertEquals(EditTool.CLICK, window.tools().toolProperty().get());

        clickAt(robot, 60, 75, MouseButton.PRIMARY);
        UiFixtures.waitUntil(20, () -> t.clicks(disc).size() == 1);
        assertEquals(new Click(60, 75, true), t.clicks(disc).get(0));
        clickAt(robot, 150, 30, MouseButton.SECONDARY);
        UiFixtures.waitUntil(20, () -> t.clicks(disc).size() == 2);
        assertFalse(t.clicks(disc).get(1).positive(), "a right click is a negative point");
        robot.press(KeyCode.ALT);
        clickAt(robot, 20, 120, MouseButton.PRIMARY);
        robot.release(KeyCode.ALT);
        UiFixtures.waitUntil(20, () -> t.clicks(disc).size() == 3);
        assertEquals(new Click(20, 120, false), t.clicks(disc).get(2), "Alt+click is a negative point");
        Mask afterThree = t.mask(disc).copy();
        assertNotEquals(automatic, afterThree, "the clicks redrew the disc");
        assertEquals(TargetStatus.EDITED, t.status());
        assertTrue(t.editedObjects().contains("disc"));

        robot.type(KeyCode.BACK_SPACE);
        UiFixtures.waitUntil(20, () -> t.clicks(disc).size() == 2);
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(3, t.clicks(disc).size(), "undo brings the removed click back");
        assertEquals(afterThree, t.mask(disc), "and the mask it made");
        for (int i = 0; i < 3; i++) {
            robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        }
        assertEquals(List.of(), t.clicks(disc), "three more undos: no click left");
        assertEquals(automatic, t.mask(disc), "and the automatic mask back");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(1, t.clicks(disc).size(), "redo replays the first click");
    }

    @Test
    void clicksWorkOnASupportImageToHelpDrawItsMask(FxRobot robot) {
        segmentedTarget(robot);
        Path target = dir.resolve("target.png");
        robot.interact(() -> window.support().addPair(target));
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof SupportDocument d
                && d.pair().image().equals(target));
        SupportDocument doc = (SupportDocument) window.document().orElseThrow();
        robot.interact(() -> {
            window.tools().activeObjectProperty().set("disc");
            window.tools().toolProperty().set(EditTool.CLICK);
            window.viewer().requestFocus();
        });
        clickAt(robot, 60, 75, MouseButton.PRIMARY);
        UiFixtures.waitUntil(20, () -> doc.pair().clicks("disc").size() == 1);
        assertFalse(doc.pair().mask("disc").isEmpty(), "the model drew a disc from the other support and the click");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertTrue(doc.pair().mask("disc").isEmpty() && doc.pair().clicks("disc").isEmpty(), "undone");
        assertEquals("", notification(robot).contains("could not") ? notification(robot) : "");
    }

    @Test
    void theEvaluateViewDrawsDiceAgainstSimulatedClicks(FxRobot robot) throws Exception {
        Path pairs = java.nio.file.Files.createTempDirectory(dir, "pairs");
        for (int i = 1; i <= 3; i++) {
            UiFixtures.png(pairs, "case" + i, 160, 120, 50 + 20 * i, 60);
            io.proxyprompt.mask.MaskFiles.write(pairs.resolve("case" + i + "_disc.png"),
                    TinyModel.rect(160, 120, 30 + 20 * i, 40, 70 + 20 * i, 80),
                    io.proxyprompt.common.AtomicFiles.Existing.REPLACE);
        }
        EvaluateFlow[] flow = new EvaluateFlow[1];
        robot.interact(() -> {
            flow[0] = window.showEvaluation();
            flow[0].setFolder(pairs);
            flow[0].setPlan(1, 1, 0);
            flow[0].setClicks(2);
        });
        UiFixtures.waitUntil(10, () -> robot.lookup("#evaluateFound").queryLabeled().getText()
                .startsWith("3 annotated cases"));
        robot.clickOn("#evaluateRun");
        UiFixtures.waitUntil(120, () -> flow[0].report().isPresent() && !flow[0].running().get());
        EvaluationReport.ClickSummary clicks = flow[0].report().orElseThrow().summaries().get(0).clicks();
        assertEquals(3, clicks.meanDice().size(), "Dice after 0, 1 and 2 clicks");
        var chart = flow[0].view().clickChart();
        assertTrue(chart.isVisible());
        assertEquals(1, chart.getData().size());
        var line = chart.getData().get(0);
        assertTrue(line.getName().startsWith("disc (NoC@85 "), line.getName());
        for (int k = 0; k <= 2; k++) {
            assertEquals(clicks.meanDice().get(k), line.getData().get(k).getYValue().doubleValue(), 1e-12);
        }
        assertEquals(flow[0].report().orElseThrow().summaries().get(0).meanDice(), clicks.meanDice().get(0), 1e-9,
                "0 clicks is the automatic result");
    }
}
