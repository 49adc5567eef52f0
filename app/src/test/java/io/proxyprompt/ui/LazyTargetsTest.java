package io.proxyprompt.ui;

import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved workspace reopens with every target listed by name and stored thumbnail before any photograph is decoded;
 * a target is decoded (and its saved masks read) when it is selected, and a file broken since shows a clear message.
 */
@ExtendWith(ApplicationExtension.class)
class LazyTargetsTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    private static final Layer DISC = Layer.parse("disc@0");
    private Mask savedMask;

    @Start
    void start(Stage stage) throws Exception {
        Path folder = Files.createTempDirectory(dir, "saved");
        Workspace ws = new Workspace(folder.resolve("workspace"));
        ThumbnailStore thumbs = new ThumbnailStore(ws.folder());
        for (String name : List.of("a", "b", "broken")) {
            Path png = UiFixtures.png(folder, name, 160, 120, 50, 60);
            TargetEntry t = ws.addTarget(png, name);
            byte[] grey = new byte[16 * 12 * 3];
            java.util.Arrays.fill(grey, (byte) 90);
            thumbs.write(png, grey, 16, 12);
            if (name.equals("b")) {
                Mask m = t.maskOrEmpty(DISC, 160, 120);
                MaskTools.stroke(m, 40, 50, 70, 70, 8, true);
                t.setStatus(TargetStatus.DONE);
                savedMask = m.copy();
            }
        }
        WorkspaceStore.write(ws.snapshot());
        // broken after it was saved: same size and time, so its stored thumbnail still shows
        Path broken = folder.resolve("broken.png");
        FileTime time = Files.getLastModifiedTime(broken);
        byte[] junk = new byte[(int) Files.size(broken)];
        java.util.Arrays.fill(junk, (byte) 7);
        Files.write(broken, junk);
        Files.setLastModifiedTime(broken, time);

        List<String> problems = new ArrayList<>();
        Workspace lazy = WorkspaceStore.load(ws.folder(), problems, true);
        assertEquals(List.of(), problems);
        ui = UiFixtures.show(stage, dir, lazy, Optional.empty(), EngineStatus.loading());
        services = ui.services();
        window = ui.window();
    }

    private TargetEntry target(String name) {
        return window.targets().items().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private String notification(FxRobot robot) {
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        return pane.isShowing() ? pane.getText() : "";
    }

    @Test
    void aTargetNotYetDecodedShowsItsNameAndThumbnailAndDecodesWhenSelected(FxRobot robot) {
        UiFixtures.waitUntil(20, () -> window.targets().items().stream()
                .allMatch(t -> window.targets().thumbnail(t.id()) != null));
        TargetEntry b = target("b");
        assertEquals(3, window.targets().items().size());
        assertNull(window.images().stack(b.source()), "b is listed but not decoded");
        assertFalse(b.masksRead(), "b's saved mask is still on disk");
        assertEquals(16, (int) window.targets().thumbnail(b.id()).getWidth(), "the stored thumbnail");
        assertTrue(UiFixtures.statusShown(robot, b).contains("Done"), UiFixtures.statusShown(robot, b));

        robot.interact(() -> window.targets().list().getSelectionModel().clearAndSelect(1));
        UiFixtures.waitUntil(20, () -> window.document()
                .filter(d -> d instanceof TargetDocument td && td.target() == b).isPresent());
        assertNotNull(window.images().stack(b.source()));
        assertTrue(b.masksRead());
        assertEquals(savedMask, b.mask(DISC));
        assertNull(window.images().stack(target("broken").source()), "only what was shown is decoded");
    }

    @Test
    void aFileBrokenSinceItWasSavedShowsAClearMessageWhenSelectedAndTheWindowKeepsWorking(FxRobot robot) {
        UiFixtures.waitUntil(20, () -> window.document().isPresent());
        TargetEntry broken = target("broken");
        assertNotNull(window.targets().thumbnail(broken.id()));
        robot.interact(() -> window.targets().list().getSelectionModel().clearAndSelect(2));
        UiFixtures.waitUntil(20, () -> notification(robot).contains("broken.png"));
        assertFalse(notification(robot).contains("Exception"), notification(robot));
        assertNull(window.images().stack(broken.source()));

        TargetEntry a = target("a");
        robot.interact(() -> window.targets().list().getSelectionModel().clearAndSelect(0));
        UiFixtures.waitUntil(20, () -> window.document()
                .filter(d -> d instanceof TargetDocument td && td.target() == a).isPresent());
    }
}
