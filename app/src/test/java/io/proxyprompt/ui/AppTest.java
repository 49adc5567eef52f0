package io.proxyprompt.ui;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import io.proxyprompt.logging.LogFile;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real application, wired by {@link App}: it opens the saved workspace and can switch to another one. */
class AppTest {

    @TempDir
    Path dir;

    private String home;
    private Stage stage;
    private App app;

    @BeforeEach
    void launch(org.junit.jupiter.api.TestInfo test) throws Exception {
        home = System.getProperty("user.home");
        System.setProperty("user.home", dir.resolve("home").toString());
        Workspace first = new Workspace(dir.resolve("first"));
        TargetEntry edited = first.addTarget(UiFixtures.SAMPLES.resolve("fundus/fundus_1.jpg"), "fundus_1");
        if (test.getDisplayName().startsWith("afterACrash")) {
            // the session that crashed: one corrected target, saved with its undo step, the workspace still open
            io.proxyprompt.mask.Mask m = edited.maskOrEmpty(new io.proxyprompt.session.Layer("disc", 0), 720, 720);
            io.proxyprompt.mask.Mask before = m.copy();
            io.proxyprompt.edit.MaskTools.stroke(m, 300, 300, 400, 300, 20, true);
            edited.history().record("disc@0", before, m);
            edited.markEdited("disc");
            edited.setStatus(io.proxyprompt.session.TargetStatus.EDITED);
            io.proxyprompt.session.SessionMarker.open(first);
        }
        WorkspaceStore.write(first.snapshot());
        Workspace second = new Workspace(dir.resolve("second"));
        second.addTarget(UiFixtures.SAMPLES.resolve("fundus/fundus_2.jpg"), "fundus_2");
        second.addTarget(UiFixtures.SAMPLES.resolve("fundus/fundus_3.jpg"), "fundus_3");
        WorkspaceStore.write(second.snapshot());
        System.setProperty(App.WORKSPACE_PROPERTY, dir.resolve("first").toString());
        stage = FxToolkit.registerPrimaryStage();
        app = (App) FxToolkit.setupApplication(App::new);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        System.clearProperty(App.WORKSPACE_PROPERTY);
        System.setProperty("user.home", home);
    }

    @Test
    void theWindowIsShownAtOnceAndTheModelLoadsBehindIt() throws Exception {
        assertTrue(stage.isShowing());
        org.controlsfx.control.StatusBar status = (org.controlsfx.control.StatusBar) stage.getScene()
                .lookup("#statusBar");
        String first = status.getText();
        assertTrue(first.equals("Loading model\u2026") || first.startsWith("Device: "), first);
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> status.getText().startsWith("Device: "));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Label model = (javafx.scene.control.Label) stage.getScene().lookup("#modelStatus");
        assertTrue(model.getText().startsWith("Model: proxyprompt-small"), model.getText());
    }

    /** Issue 16, finding 6: after a crash the edit was recovered but nothing said so; and undo survives it. */
    @Test
    void afterACrashTheWindowSaysWhatWasRestoredAndUndoStillReachesTheEdit() throws Exception {
        MessageBar pane = (MessageBar) stage.getScene().lookup("#notifications");
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, pane::isShowing);
        assertTrue(pane.getText().startsWith("The last session did not close normally; restored as last saved at "),
                pane.getText());
        assertTrue(pane.getText().contains("1 target (1 with your corrections, 0 accepted), 0 support sets and 1 "
                + "undo step"), pane.getText());
        assertTrue(pane.getStyleClass().contains("notice"));

        TargetEntry t = ((javafx.scene.control.ListView<TargetEntry>) stage.getScene().lookup("#targetsList"))
                .getItems().get(0);
        io.proxyprompt.session.Layer disc = new io.proxyprompt.session.Layer("disc", 0);
        assertTrue(t.mask(disc).get(350, 300));
        var viewer = (io.proxyprompt.ui.viewer.ImageViewer) stage.getScene().lookup("#imageViewer");
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> viewer.documentProperty().get() != null);
        FxToolkit.setupFixture(() -> viewer.undo());
        assertTrue(t.mask(disc).isEmpty(), "the restored undo step took the stroke away");
    }

    @Test
    void opensTheSavedWorkspaceAndSwitchesToAnother() throws Exception {
        assertTrue(stage.getTitle().endsWith(dir.resolve("first").toString()), stage.getTitle());
        assertTrue(stage.getScene().lookup("#statusBar") != null);
        var firstRoot = stage.getScene().getRoot();
        assertEquals(1, ((javafx.scene.control.ListView<?>) stage.getScene().lookup("#targetsList")).getItems()
                .size());

        FxToolkit.setupFixture(() -> app.switchWorkspace(stage, null, dir.resolve("second")));
        WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                () -> stage.getTitle().endsWith(dir.resolve("second").toString()));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotSame(firstRoot, stage.getScene().getRoot());
        javafx.scene.control.ListView<?> list = (javafx.scene.control.ListView<?>) stage.getScene()
                .lookup("#targetsList");
        assertEquals(2, list.getItems().size());
        assertEquals("fundus_2", ((TargetEntry) list.getItems().get(0)).name());
        // the first workspace was saved before switching and is still intact
        assertEquals(1, WorkspaceStore.load(dir.resolve("first"), new ArrayList<>()).targets().size());
    }

    @Test
    void theLogFileIsInTheWorkspaceAndRecordsTheStartAndTheModelLoad() throws Exception {
        Path log = dir.resolve("first/logs/" + LogFile.FILE_NAME);
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> Files.isRegularFile(log) && Files.readString(log).contains(" opened in "));
        String text = Files.readString(log);
        assertTrue(text.contains("ProxyPrompt Workstation " + io.proxyprompt.cli.Cli.version() + " starting"), text);
        assertTrue(text.contains("Model proxyprompt-small") && text.contains(" opened in ")
                && text.contains(" ms on "), "name, digest and device of the model:\n" + text);
        assertTrue(text.lines().noneMatch(l -> l.matches("(?i).*(password|secret|token|api.?key)\\s*[=:]\\s*[^*\\s].*")),
                text);
        assertEquals(java.util.Optional.of(log.getParent().toAbsolutePath()), LogFile.activeFolder());
    }
}
