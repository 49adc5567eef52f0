package io.proxyprompt.ui;

import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.ui.tasks.EngineStartup;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input in the window (a non-image, a corrupt DICOM, a mask of another size, a missing model) gives a clear
 * notification naming the file and what to do, and the work already there is untouched.
 */
@ExtendWith(ApplicationExtension.class)
class BadInputTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    private static final EngineStartup NO_MODEL = EngineStartup.open(dir == null ? Path.of("no-such-model-folder")
            : dir.resolve("missing-model"), new ModelSegmentation.Settings(ExecutionDevice.AUTO, 1, 64, 0.5, true));

    private Path good;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, NO_MODEL.service(), NO_MODEL.status());
        good = UiFixtures.png(dir, "good", 200, 150, 60, 75);
    }

    private String notification(FxRobot robot) {
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        return pane.isShowing() ? pane.getText() : "";
    }

    private void openGoodTarget(FxRobot robot) {
        robot.interact(() -> window.openTargets(List.of(good)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 1);
    }

    @Test
    void aDroppedNonImageIsRefusedByNameAndTheTargetsStay(FxRobot robot) throws Exception {
        openGoodTarget(robot);
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "clinic notes, not an image");
        robot.interact(() -> window.openTargets(List.of(notes)));
        UiFixtures.waitUntil(20, () -> notification(robot).startsWith("notes.txt"));
        assertTrue(notification(robot).contains("is not an image"), notification(robot));
        assertEquals(1, window.targets().items().size());
        assertEquals("good", window.targets().items().get(0).name());
    }

    @Test
    void aCorruptDicomIsRefusedByNameWithWhatToDo(FxRobot robot) throws Exception {
        openGoodTarget(robot);
        byte[] bytes = new byte[400];
        System.arraycopy("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 128, 4);
        for (int i = 132; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37);
        }
        Path broken = dir.resolve("broken.dcm");
        Files.write(broken, bytes);
        robot.interact(() -> window.openTargets(List.of(broken)));
        UiFixtures.waitUntil(20, () -> notification(robot).contains("broken.dcm"));
        assertFalse(notification(robot).contains("Exception"), notification(robot));
        assertEquals(1, window.targets().items().size());
    }

    /** Issue 16, finding 3: a JPEG cut at 60 kB opened as streaks and segmented to empty masks marked Done. */
    @Test
    void aPhotographCutShortIsRefusedByNameWithWhatToDoAndNotOpened(FxRobot robot) throws Exception {
        openGoodTarget(robot);
        byte[] whole = Files.readAllBytes(UiFixtures.SAMPLES.resolve("fundus/fundus_3.jpg"));
        Path cut = Files.write(dir.resolve("fundus_3_copy.jpg"), java.util.Arrays.copyOf(whole, 60 * 1024));
        robot.interact(() -> window.openTargets(List.of(cut)));
        UiFixtures.waitUntil(20, () -> notification(robot).startsWith("fundus_3_copy.jpg"));
        assertTrue(notification(robot).startsWith("fundus_3_copy.jpg: is incomplete: the JPEG data ends early"),
                notification(robot));
        assertTrue(notification(robot).contains("copy the file again from its source"), notification(robot));
        assertEquals(List.of("good"), window.targets().items().stream().map(t -> t.name()).toList());
    }

    @Test
    void aMaskOfAnotherSizeIsRefusedAndTheDrawnMaskIsKept(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(good);
        });
        UiFixtures.waitUntil(20, () -> window.document().orElse(null) instanceof SupportDocument);
        SupportSetEntry.Pair pair = services.workspace().selectedSet().orElseThrow().pairs().get(0);
        robot.interact(() -> {
            Mask m = window.document().orElseThrow().editableMask(0, "disc");
            MaskTools.stroke(m, 50, 75, 70, 75, 8, true);
        });
        Mask drawn = pair.mask("disc").copy();
        Path wrong = dir.resolve("disc_other_size.png");
        MaskFiles.write(wrong, new Mask(64, 64), AtomicFiles.Existing.REPLACE);
        robot.interact(() -> window.support().loadMask(wrong));
        UiFixtures.waitUntil(20, () -> notification(robot).startsWith("disc_other_size.png"));
        assertEquals("disc_other_size.png: the mask is 64x64 but the image is 200x150; load a mask made for this "
                + "image or draw one", notification(robot));
        assertEquals(drawn, pair.mask("disc"));
    }

    @Test
    void aMissingModelDisablesSegmentWithTheReasonAndEverythingElseWorks(FxRobot robot) {
        assertTrue(NO_MODEL.service().isEmpty());
        String why = NO_MODEL.problem().orElseThrow();
        assertTrue(why.contains("missing-model") || why.contains("no-such-model-folder"), why);
        assertTrue(why.contains("Preferences"), why);
        openGoodTarget(robot);
        Button run = robot.lookup("#segmentButton").queryButton();
        assertTrue(run.isDisabled());
        assertEquals(why, run.getTooltip().getText());
        assertTrue(robot.lookup("#statusBar").queryAs(org.controlsfx.control.StatusBar.class).getText()
                .startsWith("Device: none"));
    }
}
