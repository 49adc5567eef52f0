package io.proxyprompt.ui;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.mask.MaskShape;
import io.proxyprompt.quality.QcFlag;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.viewer.LayerStyle;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review loop on real photographs (IDRiD, held out from training) with the shipped model, driven as a
 * clinician would: an impossible result shows "Check", a re-run never loses an accepted edit, and the islands,
 * outline and shape tools correct a result (issue 16, findings 1, 2 and 4).
 */
@ExtendWith(ApplicationExtension.class)
class ReviewLoopTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    static final Path REAL = Path.of(System.getProperty("proxyprompt.repo", "."), "core", "src", "test",
            "resources", "fundus-heldout");

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, engine.service(), engine.status());
    }

    /**
     * Opens IDRiD_17 and IDRiD_18 as targets and builds a "Disc + cup" set on IDRiD_01: its expert disc mask, and a
     * cup drawn over the whole disc, as a hurried clinician might, so the model returns a cup that covers the disc.
     */
    private List<TargetEntry> openAndBuildSupport(FxRobot robot) throws Exception {
        robot.interact(() -> window.openTargets(List.of(REAL.resolve("IDRiD_17.jpg"), REAL.resolve("IDRiD_18.jpg"))));
        UiFixtures.waitUntil(30, () -> window.targets().items().size() == 2);
        robot.interact(() -> {
            window.support().createSet("Disc + cup");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addObject(ObjectSpec.CUP);
            window.support().addPair(REAL.resolve("IDRiD_01.jpg"));
        });
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof SupportDocument);
        Mask disc = MaskFiles.read(REAL.resolve("IDRiD_01_disc.png"));
        Mask cup = MaskOps.dilate(disc, 4);
        robot.interact(() -> {
            var doc = window.document().orElseThrow();
            System.arraycopy(disc.data(), 0, doc.editableMask(0, "disc").data(), 0, disc.data().length);
            System.arraycopy(cup.data(), 0, doc.editableMask(0, "cup").data(), 0, cup.data().length);
            doc.edited("cup");
        });
        assertTrue(services.workspace().selectedSet().orElseThrow().isComplete());
        return List.copyOf(window.targets().items());
    }

    private void runAndWait(FxRobot robot, Runnable start) {
        robot.interact(start);
        UiFixtures.waitUntil(240, () -> !window.runner().running().get() && services.workspace().targets().stream()
                .noneMatch(t -> t.status() == TargetStatus.RUNNING));
    }


    private void show(FxRobot robot, TargetEntry t) {
        robot.interact(() -> window.targets().list().getSelectionModel().clearAndSelect(
                window.targets().list().getItems().indexOf(t)));
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof TargetDocument d && d.target() == t);
        robot.interact(() -> window.viewer().requestFocus());
    }


    @Test
    void aRealPhotographWhoseCupCoversTheDiscShowsCheckAndTheFilterShowsIt(FxRobot robot) throws Exception {
        List<TargetEntry> t = openAndBuildSupport(robot);
        runAndWait(robot, () -> {
            window.targets().list().getSelectionModel().clearAndSelect(0);
            window.runner().runSelected();
        });
        TargetEntry flagged = t.get(0);
        assertEquals(TargetStatus.CHECK, flagged.status(), () -> flagged.quality().summary());
        assertTrue(flagged.quality(0).of("cup").contains(QcFlag.CUP_FILLS_DISC), flagged.quality().summary());
        String shown = UiFixtures.statusShown(robot, flagged);
        assertTrue(shown.startsWith("\u26A0 Check: ") && shown.contains("cup: the cup covers the disc"), shown);
        assertEquals(TargetStatus.NOT_RUN, t.get(1).status());

        robot.clickOn("#checkFilter");
        assertEquals(List.of(flagged), List.copyOf(window.targets().list().getItems()));
        robot.clickOn("#checkFilter");
        assertEquals(2, window.targets().list().getItems().size());
    }

    @Test
    void aReRunNeverLosesAnAcceptedEdit(FxRobot robot) throws Exception {
        List<TargetEntry> t = openAndBuildSupport(robot);
        runAndWait(robot, () -> window.runner().runAll());
        TargetEntry edited = t.get(1);
        show(robot, edited);
        robot.interact(() -> {
            window.tools().activeObjectProperty().set("disc");
            window.tools().toolProperty().set(EditTool.BRUSH);
            window.tools().brushRadiusProperty().set(5);
        });
        UiFixtures.drag(robot, window.viewer(), 40, 300, 120, 300);
        Mask corrected = edited.mask(new Layer("disc", 0)).copy();
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        assertTrue(edited.reviewed());

        // Ctrl+R: the dialog names the accepted target; keeping it leaves the edit and the review mark
        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        UiFixtures.waitUntil(20, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(pane.getContentText().contains(edited.name() + " (accepted)"), pane.getContentText());
        robot.clickOn(pane.lookupButton(OverwriteDialog.SKIP));
        UiFixtures.waitUntil(240, () -> !window.runner().running().get());
        assertEquals(corrected, edited.mask(new Layer("disc", 0)));
        assertTrue(edited.reviewed());

        // overwriting on purpose replaces it, and one undo brings the accepted edit back
        robot.press(KeyCode.CONTROL, KeyCode.R).release(KeyCode.R, KeyCode.CONTROL);
        UiFixtures.waitUntil(20, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(OverwriteDialog.OVERWRITE));
        UiFixtures.waitUntil(240, () -> !window.runner().running().get()
                && edited.status() != TargetStatus.RUNNING);
        assertNotEquals(corrected, edited.mask(new Layer("disc", 0)));
        show(robot, edited);
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(corrected, edited.mask(new Layer("disc", 0)));
    }

    @Test
    void islandsOutlineAndShapeToolsCorrectTheActiveObjectUndoably(FxRobot robot) throws Exception {
        List<TargetEntry> t = openAndBuildSupport(robot);
        runAndWait(robot, () -> {
            window.targets().list().getSelectionModel().clearAndSelect(1);
            window.runner().runSelected();
        });
        TargetEntry target = t.get(1);
        show(robot, target);
        robot.interact(() -> {
            window.tools().activeObjectProperty().set("disc");
            window.tools().toolProperty().set(EditTool.BRUSH);
            window.tools().brushRadiusProperty().set(1);
        });
        Mask disc = target.mask(new Layer("disc", 0));
        Mask segmented = disc.copy();
        assertEquals(1, MaskShape.of(disc).componentAreas().length);
        // a speck left away from the disc, as erasing leaves one
        UiFixtures.drag(robot, window.viewer(), 30, 30, 31, 30);
        assertEquals(2, MaskShape.of(disc).componentAreas().length);

        robot.type(KeyCode.I);
        assertEquals(segmented, disc, "Islands removed the speck and nothing else");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(2, MaskShape.of(disc).componentAreas().length, "undo brought the speck back");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(segmented, disc);

        long area = disc.area();
        int depth = target.history().undoDepth();
        robot.type(KeyCode.G);
        long grown = disc.area();
        assertTrue(grown > area, "G grows");
        robot.press(KeyCode.SHIFT, KeyCode.G).release(KeyCode.G, KeyCode.SHIFT);
        assertTrue(disc.area() < grown, "Shift+G shrinks");
        robot.type(KeyCode.S);
        int steps = target.history().undoDepth() - depth;
        assertTrue(steps == 2 || steps == 3, "grow, shrink and (if it changed anything) smooth: " + steps);
        for (int i = 0; i < steps; i++) {
            robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        }
        assertEquals(segmented, disc, "each correction was one undo step");

        // the outline: L switches it for the active object; drawn alone, the disc's edge shows in its colour
        LayerStyle before = window.tools().style("disc");
        assertTrue(before.outline(), "a disc is outlined from the start");
        robot.type(KeyCode.L);
        assertTrue(!window.tools().style("disc").outline());
        robot.type(KeyCode.L);
        robot.interact(() -> {
            window.tools().setStyle("disc", window.tools().style("disc").withFill(false));
            window.tools().hiddenObjects().add("cup");
        });
        javafx.scene.image.Image[] image = new javafx.scene.image.Image[1];
        robot.interact(() -> image[0] = window.viewer().snapshot(null, null));
        int cyan = 0;
        int fundus = 0;
        javafx.scene.image.PixelReader px = image[0].getPixelReader();
        for (int y = 0; y < (int) image[0].getHeight(); y++) {
            for (int x = 0; x < (int) image[0].getWidth(); x++) {
                javafx.scene.paint.Color c = px.getColor(x, y);
                if (c.getBlue() > 0.8 && c.getGreen() > 0.75 && c.getRed() < 0.35) {
                    cyan++;
                }
                if (c.getRed() > 0.3 && c.getRed() > 2 * c.getBlue()) {
                    fundus++;
                }
            }
        }
        assertTrue(cyan > 30, "the disc's cyan outline is drawn: " + cyan + " pixels");
        // the photograph (its own node under the overlays) shows its orange-red fundus over much of the viewer
        int all = (int) (image[0].getWidth() * image[0].getHeight());
        assertTrue(fundus > all / 5, "the photograph is shown under the overlays: " + fundus + " of " + all);
    }
}
