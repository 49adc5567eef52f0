package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.edit.EditTool;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import io.proxyprompt.logging.LogFile;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opens the real main window headless and checks its three panes, its menus and its status bar. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(),
                new EngineStatus("CPU (2 threads)", "auto: no NVIDIA device (/dev/nvidiactl missing)",
                        "proxyprompt-small", false, "Segmentation is not available: no model"));
    }

    @Test
    void showsTargetsViewerAndSupportLibrary(FxRobot robot) {
        assertTrue(robot.lookup("#targetsPanel").query().isVisible());
        assertTrue(robot.lookup("#imageViewer").query().isVisible());
        assertTrue(robot.lookup("#supportLibrary").query().isVisible());
        double targetsX = robot.lookup("#targetsPanel").query().localToScene(0, 0).getX();
        double viewerX = robot.lookup("#imageViewer").query().localToScene(0, 0).getX();
        double supportX = robot.lookup("#supportLibrary").query().localToScene(0, 0).getX();
        assertTrue(targetsX < viewerX && viewerX < supportX, "left, middle, right");
        assertTrue(robot.lookup("#imageViewer").query().getBoundsInLocal().getWidth() > 500);
    }

    @Test
    void hasTheMenusWithTheirShortcuts(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        assertEquals(List.of("File", "Edit", "View", "Segment", "Export", "Help"),
                bar.getMenus().stream().map(m -> m.getText()).toList());
        MenuItem open = bar.getMenus().get(0).getItems().get(0);
        assertEquals("Open targets\u2026", open.getText());
        assertEquals("Shortcut+O", open.getAccelerator().getName());
        MenuItem undo = bar.getMenus().get(1).getItems().get(0);
        assertEquals("Shortcut+Z", undo.getAccelerator().getName());
        MenuItem redo = bar.getMenus().get(1).getItems().get(1);
        assertEquals("Shift+Shortcut+Z", redo.getAccelerator().getName());
    }

    @Test
    void statusBarShowsTheDeviceAndWhyTheModelAndTheTiming(FxRobot robot) {
        StatusBar status = robot.lookup("#statusBar").queryAs(StatusBar.class);
        assertEquals("Device: CPU (2 threads) \u2014 auto: no NVIDIA device (/dev/nvidiactl missing)",
                status.getText());
        assertEquals("Model: proxyprompt-small", robot.lookup("#modelStatus").queryLabeled().getText());
        assertEquals("Last run: \u2014", robot.lookup("#timingStatus").queryLabeled().getText());
    }

    @Test
    void segmentIsDisabledAndSaysWhyWhenTheEngineIsMissing(FxRobot robot) {
        Button run = robot.lookup("#segmentButton").queryButton();
        assertTrue(run.isDisabled());
        assertEquals("Segmentation is not available: no model", run.getTooltip().getText());
    }

    @Test
    void singleKeysPickToolsBrushSizeOpacityAndTheNextTarget(FxRobot robot) throws Exception {
        Path a = UiFixtures.png(dir, "key_a", 120, 90, 40, 45);
        Path b = UiFixtures.png(dir, "key_b", 120, 90, 80, 45);
        robot.interact(() -> window.openTargets(List.of(a, b)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 2);
        robot.interact(() -> window.targets().list().getSelectionModel().clearAndSelect(0));
        robot.interact(() -> window.viewer().requestFocus());
        var tools = window.tools();
        robot.type(KeyCode.E);
        assertEquals(EditTool.ERASER, tools.toolProperty().get());
        robot.type(KeyCode.P);
        assertEquals(EditTool.POLYGON, tools.toolProperty().get());
        robot.type(KeyCode.F);
        assertEquals(EditTool.FILL, tools.toolProperty().get());
        robot.type(KeyCode.B);
        assertEquals(EditTool.BRUSH, tools.toolProperty().get());
        int r = tools.brushRadiusProperty().get();
        robot.type(KeyCode.CLOSE_BRACKET);
        assertTrue(tools.brushRadiusProperty().get() > r);
        robot.type(KeyCode.OPEN_BRACKET, KeyCode.OPEN_BRACKET);
        assertTrue(tools.brushRadiusProperty().get() < r);
        double o = tools.opacityProperty().get();
        robot.type(KeyCode.O);
        assertTrue(tools.opacityProperty().get() != o);
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals("key_b", window.targets().list().getSelectionModel().getSelectedItem().name());
        robot.type(KeyCode.PAGE_UP);
        assertEquals("key_a", window.targets().list().getSelectionModel().getSelectedItem().name());
    }

    @Test
    void aDicomSeriesOpensAsOneTargetWithAFrameSliderAndWindowLevel(FxRobot robot) {
        robot.interact(() -> window.openTargets(List.of(UiFixtures.SAMPLES.resolve("series"))));
        UiFixtures.waitUntil(30, () -> window.targets().items().size() == 1
                && window.document().isPresent());
        assertEquals(8, window.document().orElseThrow().stack().frameCount());
        javafx.scene.control.Slider frames = robot.lookup("#frameSlider").queryAs(javafx.scene.control.Slider.class);
        assertTrue(frames.isVisible());
        assertEquals(7, frames.getMax());
        robot.interact(() -> frames.setValue(3));
        assertEquals(3, window.viewer().frame());
        assertTrue(robot.lookup("#windowLevel").query().isVisible());
        assertTrue(robot.lookup("#windowWidth").query().isVisible());
        // the photograph is a cached image node: a new window (or frame) must still show at once
        javafx.scene.image.Image[] shown = new javafx.scene.image.Image[2];
        robot.interact(() -> shown[0] = window.viewer().snapshot(null, null));
        robot.interact(() -> window.viewer().setWindow(new io.proxyprompt.image.Frame.Window(0, 1)));
        robot.interact(() -> shown[1] = window.viewer().snapshot(null, null));
        assertTrue(differingPixels(shown[0], shown[1]) > 1000, "the new window is shown: "
                + differingPixels(shown[0], shown[1]) + " pixels changed");

        // the frame in view can become a support image (here for a liver lesion)
        var series = window.document().orElseThrow().stack();
        robot.interact(() -> {
            window.support().createSet("Lesion");
            window.support().addObject(new io.proxyprompt.session.ObjectSpec("lesion", "#8BD17C"));
            window.support().addPair(series.source(), window.currentFrame());
        });
        UiFixtures.waitUntil(20, () -> window.document().orElse(null)
                instanceof io.proxyprompt.ui.viewer.SupportDocument);
        var pair = window.support().selectedSet().orElseThrow().pairs().get(0);
        assertEquals(3, pair.frame());
        assertTrue(window.document().orElseThrow().stack().frame(0) == series.frame(3));
    }

    private static int differingPixels(javafx.scene.image.Image a, javafx.scene.image.Image b) {
        int n = 0;
        for (int y = 0; y < (int) Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < (int) Math.min(a.getWidth(), b.getWidth()); x++) {
                javafx.scene.paint.Color ca = a.getPixelReader().getColor(x, y);
                javafx.scene.paint.Color cb = b.getPixelReader().getColor(x, y);
                if (Math.abs(ca.getBrightness() - cb.getBrightness()) > 0.1) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void openedFilesAreOfferedAgainUnderOpenRecent(FxRobot robot) {
        Path a = UiFixtures.png(dir, "recent_a", 100, 80, 30, 40);
        Path b = UiFixtures.png(dir, "recent_b", 100, 80, 60, 40);
        robot.interact(() -> window.openTargets(List.of(a)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 1);
        robot.interact(() -> window.openTargets(List.of(b)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 2);
        assertEquals(List.of(b.toAbsolutePath(), a.toAbsolutePath()), window.registration().recent());
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        javafx.scene.control.Menu recent = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> "openRecent".equals(i.getId())).findFirst().orElseThrow();
        robot.interact(() -> recent.getOnShowing().handle(null));
        assertTrue(recent.getItems().get(0).getText().startsWith("recent_b.png"), recent.getItems().get(0).getText());
        assertTrue(recent.getItems().get(1).getText().startsWith("recent_a.png"));
    }

    @Test
    void helpOpenLogFolderShowsTheFolderWhenNoFileManagerOpens(FxRobot robot) throws Exception {
        System.setProperty(FileManager.OPENER_PROPERTY, "no-such-file-manager");
        try (LogFile log = LogFile.start(dir.resolve("logs"))) {
            MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
            MenuItem open = bar.getMenus().get(5).getItems().stream()
                    .filter(i -> "openLogFolder".equals(i.getId())).findFirst().orElseThrow();
            assertEquals("Open log folder", open.getText());
            robot.interact(open::fire);
            UiFixtures.waitUntil(20, () -> robot.lookup("#logFolderPath").tryQuery().isPresent());
            javafx.scene.control.TextField path = robot.lookup("#logFolderPath")
                    .queryAs(javafx.scene.control.TextField.class);
            assertEquals(log.file().getParent().toString(), path.getText());
            robot.interact(() -> path.getScene().getWindow().hide());
        } finally {
            System.clearProperty(FileManager.OPENER_PROPERTY);
        }
    }
}
