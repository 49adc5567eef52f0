package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.testing.TinyModel;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a model whose decoder takes no clicks (the shipped kind), the Click tool says that clicks need a
 * click-trained model and changes nothing: no click is kept, the mask and the target's status stay.
 */
@ExtendWith(ApplicationExtension.class)
class ClickToolWithoutClickModelTest extends UiFixtures.TinyModelWindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        showWith(stage, dir, TinyModel.copyClicksBaseTo(java.nio.file.Files.createTempDirectory(dir, "m")));
    }

    @Test
    void aClickSaysAClickTrainedModelIsNeededAndChangesNothing(FxRobot robot) {
        TargetEntry t = UiFixtures.segmentedDiscTarget(robot, window, dir);
        TargetStatus status = t.status();
        Mask before = t.mask(new Layer("disc", 0)).copy();
        robot.type(KeyCode.C);
        assertEquals(EditTool.CLICK, window.tools().toolProperty().get());
        robot.moveTo(window.viewer().imageToScreen(60.5, 75.5)).clickOn(MouseButton.PRIMARY);
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        UiFixtures.waitUntil(10, pane::isShowing);
        assertTrue(pane.getText().startsWith("Clicks are not available: ")
                && pane.getText().contains("needs a click-trained model"), pane.getText());
        assertEquals(List.of(), t.clicks(new Layer("disc", 0)));
        assertEquals(before, t.mask(new Layer("disc", 0)));
        assertEquals(status, t.status());
    }
}
