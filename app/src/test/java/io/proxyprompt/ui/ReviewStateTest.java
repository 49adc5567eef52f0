package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.QcFlag;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the screen says about the state of things (issue 16, finding 6, and the "Check" of finding 1), on the real
 * window without a model: flagged targets read "Check: reason" and can be shown alone, results made with another
 * support set read "out of date", the support-set box counts its images, colours stand out.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewStateTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(), new EngineStatus("CPU", "test", "none", false, "no model in this test"));
    }

    private List<TargetEntry> openTwo(FxRobot robot) {
        Path a = UiFixtures.png(dir, "state_a", 120, 90, 40, 45);
        Path b = UiFixtures.png(dir, "state_b", 120, 90, 80, 45);
        robot.interact(() -> window.openTargets(List.of(a, b)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 2);
        return List.copyOf(window.targets().items());
    }


    @Test
    void aFlaggedTargetReadsCheckWithItsReasonInAmberAndTheFilterShowsOnlyThoseToCheck(FxRobot robot) {
        List<TargetEntry> t = openTwo(robot);
        robot.interact(() -> {
            TargetEntry flagged = t.get(0);
            flagged.putMask(new Layer("disc", 0), new Mask(120, 90));
            flagged.setQuality(0, new QualityReport(Map.of("cup", List.of(QcFlag.CUP_FILLS_DISC))));
            flagged.setStatus(TargetStatus.CHECK);
            t.get(1).setStatus(TargetStatus.DONE);
            window.targets().refresh();
        });
        assertEquals("\u26A0 Check: cup: the cup covers the disc", UiFixtures.statusShown(robot, t.get(0)));
        assertEquals("\u25CF Done", UiFixtures.statusShown(robot, t.get(1)));
        assertEquals("\u26A0 1", robot.lookup("#checkFilter").queryLabeled().getText(), "one target to check");

        robot.clickOn("#checkFilter");
        assertEquals(List.of(t.get(0)), List.copyOf(window.targets().list().getItems()));
        String note = robot.lookup("#checkFilterNote").queryLabeled().getText();
        assertTrue(note.startsWith("1 of 2 targets shown"), note);
        // a correction that clears the flag takes the target off the filtered list
        robot.interact(() -> {
            t.get(0).setQuality(0, QualityReport.CLEAN);
            t.get(0).setStatus(TargetStatus.EDITED);
            window.targets().refresh();
        });
        assertTrue(window.targets().list().getItems().isEmpty());
        robot.clickOn("#checkFilter");
        assertEquals(2, window.targets().list().getItems().size());
    }

    @Test
    void theSupportSetBoxCountsTheImagesItsListShows(FxRobot robot) {
        Path s = UiFixtures.png(dir, "state_support", 120, 90, 40, 45);
        robot.interact(() -> {
            window.support().createSet("Disc + cup");
            window.support().addObject(ObjectSpec.DISC);
        });
        ComboBox<?> sets = robot.lookup("#supportSets").queryAs(ComboBox.class);
        assertEquals("Disc + cup  (0 images)", sets.getButtonCell().getText());
        robot.interact(() -> window.support().addPair(s));
        UiFixtures.waitUntil(20, () -> window.document().orElse(null) instanceof SupportDocument);
        assertEquals(1, robot.lookup("#pairList").queryAs(ListView.class).getItems().size());
        assertEquals("Disc + cup  (1 image)", sets.getButtonCell().getText());
    }

    @Test
    void resultsReadOutOfDateWhenTheSelectedSetChangesOrAnotherIsSelectedAndNotWhenItIsBack(FxRobot robot) {
        List<TargetEntry> t = openTwo(robot);
        Path s = UiFixtures.png(dir, "stale_support", 120, 90, 40, 45);
        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(s);
        });
        UiFixtures.waitUntil(20, () -> window.document().orElse(null) instanceof SupportDocument);
        SupportSetEntry disc = services.workspace().selectedSet().orElseThrow();
        robot.interact(() -> {
            Mask m = window.document().orElseThrow().editableMask(0, "disc");
            io.proxyprompt.edit.MaskTools.stroke(m, 40, 45, 45, 45, 8, true);
            window.document().orElseThrow().edited("disc");
            // as a run does: the first target's disc was made with the set as it is now
            t.get(0).putMask(new Layer("disc", 0), new Mask(120, 90));
            t.get(0).setMadeWith("disc", disc.fingerprint());
            t.get(0).setStatus(TargetStatus.DONE);
            window.support().selectSet(disc);
        });
        assertFalse(t.get(0).stale());
        assertEquals("\u25CF Done", UiFixtures.statusShown(robot, t.get(0)));
        assertFalse(t.get(1).stale(), "never segmented: not run, not out of date");

        // the clinician draws more of the support mask: the result no longer matches the support
        robot.interact(() -> {
            var doc = window.document().orElseThrow();
            Mask m = doc.editableMask(0, "disc");
            Mask before = m.copy();
            io.proxyprompt.edit.MaskTools.stroke(m, 60, 45, 62, 45, 3, true);
            doc.history().record(doc.historyLayer("disc", 0), before, m);
            doc.edited("disc");
        });
        assertTrue(t.get(0).stale());
        assertEquals("\u25CF Done  \u00b7  out of date", UiFixtures.statusShown(robot, t.get(0)));
        robot.interact(() -> window.viewer().undo());
        assertFalse(t.get(0).stale(), "undone: the support is as it was for the run");

        // another set selected after the run
        robot.interact(() -> {
            window.support().createSet("Vessels");
            window.support().addObject(ObjectSpec.VESSEL);
        });
        assertTrue(t.get(0).stale());
        robot.interact(() -> window.support().selectSet(disc));
        assertFalse(t.get(0).stale());
    }

    @Test
    void presetColoursStandOutOnAFundusAndAColourTheUserChoseIsKept(FxRobot robot) {
        robot.interact(() -> {
            window.support().createSet("Disc + cup");
            robot.lookup("#addObjectButton").queryAs(javafx.scene.control.MenuButton.class).getItems().stream()
                    .filter(i -> "addObject-disc".equals(i.getId())).findFirst().orElseThrow().fire();
        });
        assertEquals(ObjectSpec.DISC.colour(), services.workspace().selectedSet().orElseThrow().objects().get(0)
                .colour());
        assertEquals("#00E5FF", ObjectSpec.DISC.colour(), "cyan, not the yellow of the disc");
        robot.interact(() -> {
            services.prefs().put(PrefKey.COLOUR_CUP, "#FFAA00");
            robot.lookup("#addObjectButton").queryAs(javafx.scene.control.MenuButton.class).getItems().stream()
                    .filter(i -> "addObject-cup".equals(i.getId())).findFirst().orElseThrow().fire();
        });
        assertEquals("#FFAA00", services.workspace().selectedSet().orElseThrow().objects().get(1).colour(),
                "the colour the user chose in Preferences");
    }
}
