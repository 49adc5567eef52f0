package io.proxyprompt.ui;

import io.proxyprompt.application.MeasurementsCsv;
import io.proxyprompt.application.OutputLayout;
import io.proxyprompt.edit.EditTool;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.TargetDocument;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clinician's flow on the real window with the shipped model: open targets, build a support pair by drawing
 * with the brush (robot drag), segment, switch the object, undo/redo a correction, export PNG, CSV and DICOM SEG.
 */
@ExtendWith(ApplicationExtension.class)
class UiFlowTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    private final List<String> inferenceThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        SegmentationEngine real = engine.service().orElseThrow();
        // records which thread runs inference, to prove it is never the FX thread
        SegmentationEngine watched = new UiFixtures.Delegating(real) {
            @Override
            void beforeRun() {
                inferenceThreads.add(Thread.currentThread().getName());
            }

            @Override
            void beforeEvaluate(ProgressListener progress, CancellationToken cancel) {
                inferenceThreads.add(Thread.currentThread().getName());
            }
        };
        show(stage, dir, Optional.of(watched), engine.status());
    }


    /** The centre of a mask's bounding box. */
    private static int[] centre(Mask m) {
        int minX = m.width(), minY = m.height(), maxX = -1, maxY = -1;
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (m.get(x, y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {(minX + maxX) / 2, (minY + maxY) / 2};
    }

    private boolean runFinished() {
        return !window.runner().running().get() && services.workspace().targets().stream()
                .noneMatch(t -> t.status() == TargetStatus.RUNNING);
    }

    @Test
    void openDrawSegmentSwitchCorrectAndExport(FxRobot robot) throws Exception {
        Path samples = UiFixtures.SAMPLES;
        Path a = samples.resolve("fundus/fundus_2.jpg");
        Path b = samples.resolve("dicom/fundus_1.dcm");
        Path s = samples.resolve("fundus/fundus_3.jpg");

        // 1. open targets: a photograph and a DICOM photograph
        robot.interact(() -> window.openTargets(List.of(a, b)));
        UiFixtures.waitUntil(30, () -> window.targets().items().size() == 2);

        // 2. a support pair: optic disc loaded from PNG, optic cup drawn with the brush (robot drag)
        robot.interact(() -> {
            window.support().createSet("Disc + cup");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(s);
        });
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof SupportDocument);
        SupportSetEntry set = services.workspace().selectedSet().orElseThrow();
        SupportSetEntry.Pair pair = set.pairs().get(0);
        Mask discTruth = MaskFiles.read(samples.resolve("fundus/fundus_3_disc.png"));
        robot.interact(() -> window.support().loadMask(samples.resolve("fundus/fundus_3_disc.png")));
        UiFixtures.waitUntil(30, () -> discTruth.equals(pair.mask("disc")));
        robot.interact(() -> window.support().addObject(ObjectSpec.CUP));
        assertEquals("cup", window.tools().activeObjectProperty().get());
        int[] c = centre(discTruth);
        robot.interact(() -> window.viewer().requestFocus());
        robot.type(KeyCode.E);
        robot.type(KeyCode.B);
        assertEquals(EditTool.BRUSH, window.tools().toolProperty().get());
        robot.interact(() -> window.tools().brushRadiusProperty().set(12));
        UiFixtures.drag(robot, window.viewer(), c[0] - 10, c[1], c[0] + 10, c[1], c[0], c[1] - 10, c[0], c[1] + 10);
        Mask cup = pair.mask("cup");
        assertTrue(cup.get(c[0], c[1]) && cup.get(c[0] - 10, c[1]) && cup.area() > 600, cup.toString());
        assertTrue(set.isComplete());

        // 3. segment every target, watching the FX thread for stalls from the start of the batch to its end
        AtomicLong last = new AtomicLong();
        AtomicLong worst = new AtomicLong();
        Timeline watchdog = new Timeline(new KeyFrame(Duration.millis(10), e -> {
            long now = System.nanoTime();
            worst.accumulateAndGet(now - last.getAndSet(now), Math::max);
        }));
        watchdog.setCycleCount(Timeline.INDEFINITE);
        robot.interact(() -> window.runner().running().addListener((o, was, now) -> {
            if (now) {
                last.set(System.nanoTime());
                watchdog.play();
            } else {
                watchdog.stop();
            }
        }));
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(180, this::runFinished);
        List<TargetEntry> targets = services.workspace().targets();
        for (TargetEntry t : targets) {
            assertEquals(TargetStatus.DONE, t.status(), () -> t.name() + ": " + t.problem());
            assertEquals(720, t.mask(new Layer("disc", 0)).width());
            assertEquals(720, t.mask(new Layer("disc", 0)).height());
            assertEquals(720, t.mask(new Layer("cup", 0)).width());
        }
        assertTrue(robot.lookup("#timingStatus").queryLabeled().getText().startsWith("Last run: 2 targets in"));
        System.out.printf("UiFlowTest: longest FX-thread gap during the batch %.0f ms%n", worst.get() / 1e6);
        assertTrue(worst.get() > 0, "the watchdog ran during the batch");
        assertTrue(inferenceThreads.size() > 0 && inferenceThreads.stream().noneMatch(n -> n.contains("FX")),
                "inference ran on " + inferenceThreads);
        // The goal is no pause over 100 ms (seen here: 40-100 ms while other jobs load the 2 shared cores); a
        // timer cannot tell CPU starvation from blocking, so the hard bound leaves room for a loaded machine.
        assertTrue(worst.get() < 250_000_000L, "the FX thread stalled for " + worst.get() / 1_000_000 + " ms");

        // 4. switch the object: a "Vessels" set on the same support image, mask loaded from PNG, run again
        robot.interact(() -> {
            window.support().createSet("Vessels");
            window.support().addObject(ObjectSpec.VESSEL);
            window.support().addPair(s);
        });
        UiFixtures.waitUntil(30, () -> services.workspace().selectedSet().orElseThrow().pairs().size() == 1
                && window.document().orElse(null) instanceof SupportDocument d && d.hasObject("vessel"));
        robot.interact(() -> window.support().loadMask(samples.resolve("fundus/fundus_3_vessel.png")));
        UiFixtures.waitUntil(30, () -> services.workspace().selectedSet().orElseThrow().isComplete());
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(180, this::runFinished);
        for (TargetEntry t : targets) {
            assertEquals(TargetStatus.DONE, t.status());
            assertTrue(t.mask(new Layer("vessel", 0)) != null && t.mask(new Layer("disc", 0)) != null);
        }
        // back to the disc + cup set for review
        robot.interact(() -> window.support().selectSet(set));

        // 5. correct a target with the brush, then undo and redo with the keyboard
        TargetEntry first = targets.get(0);
        javafx.scene.Node firstCell = robot.from(robot.lookup("#targetsList").queryListView()).lookup(".list-cell").query();
        robot.clickOn(firstCell);
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof TargetDocument d
                && d.target() == first);
        // the measurements beside it are this target's disc and cup as the anatomical rules leave them
        Map<String, Mask> tidy = io.proxyprompt.quality.AnatomicalRules.defaults().apply(first.masksOf(0));
        String cupText = String.format(java.util.Locale.ROOT, "%,d px", tidy.get("cup").area());
        UiFixtures.waitUntil(30, () -> cupText.equals(robot.lookup("#measureCup").queryLabeled().getText()));
        assertEquals(String.format(java.util.Locale.ROOT, "%,d px", tidy.get("disc").area()),
                robot.lookup("#measureDisc").queryLabeled().getText());
        assertTrue(robot.lookup("#measureCdr").queryLabeled().getText().matches("[01]\\.\\d\\d.*"),
                robot.lookup("#measureCdr").queryLabeled().getText());
        robot.interact(() -> {
            window.tools().activeObjectProperty().set("disc");
            window.tools().toolProperty().set(EditTool.BRUSH);
            window.tools().brushRadiusProperty().set(6);
        });
        Mask segmented = first.mask(new Layer("disc", 0)).copy();
        UiFixtures.drag(robot, window.viewer(), 60, 600, 200, 600, 300, 600);
        Mask corrected = first.mask(new Layer("disc", 0)).copy();
        assertNotEquals(segmented, corrected);
        assertEquals(TargetStatus.EDITED, first.status());
        // the correction is in the workspace folder already (autosave after every edit)
        ui.autosaver().flush();
        Workspace saved = WorkspaceStore.load(services.workspace().folder(), new java.util.ArrayList<>());
        TargetEntry savedFirst = saved.targets().stream().filter(t -> t.id().equals(first.id())).findFirst()
                .orElseThrow();
        assertEquals(corrected, savedFirst.mask(new Layer("disc", 0)));
        assertEquals(TargetStatus.EDITED, savedFirst.status());
        assertEquals(Set.of("disc"), savedFirst.editedObjects());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(segmented, first.mask(new Layer("disc", 0)));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z).release(KeyCode.Z, KeyCode.SHIFT, KeyCode.CONTROL);
        assertEquals(corrected, first.mask(new Layer("disc", 0)));

        // accept the target (reviewed) with the keyboard
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        assertTrue(first.reviewed());
        assertTrue(robot.lookup("#acceptButton").queryAs(javafx.scene.control.ToggleButton.class).isSelected());

        // 6. export PNG per object, label map, CSV and DICOM SEG (for the DICOM target)
        Path out = dir.resolve("export");
        robot.interact(() -> window.export(new ExportDialog.Choice(out, true, true, true, true, false), targets));
        UiFixtures.waitUntil(60, () -> Files.exists(out.resolve("measurements.csv")));
        String an = OutputLayout.safe(first.name());
        assertEquals(corrected, MaskFiles.read(out.resolve(an + "/disc.png")));
        assertEquals(first.mask(new Layer("cup", 0)), MaskFiles.read(out.resolve(an + "/cup.png")));
        // one label map per support set: the vessels of the "Vessels" set never overwrite the disc
        assertTrue(Files.exists(out.resolve(an + "/labels_Disc_cup.png")));
        assertTrue(Files.exists(out.resolve(an + "/labels_Vessels.png")));
        String csv = Files.readString(out.resolve("measurements.csv"));
        assertTrue(csv.startsWith(MeasurementsCsv.HEADER), csv);
        assertTrue(csv.contains("\n" + first.name() + ",1,disc," + corrected.area() + ","), csv);
        assertTrue(csv.lines().anyMatch(l -> l.startsWith(first.name() + ",1,disc,") && l.endsWith(",true,true")),
                csv);
        assertEquals(1 + 2 * 3, csv.lines().count(), csv);
        try (Stream<Path> files = Files.list(out.resolve(OutputLayout.safe(targets.get(1).name())))) {
            List<Path> segs = files.filter(f -> f.toString().endsWith("_seg.dcm")).toList();
            assertEquals(1, segs.size());
            byte[] head = Files.readAllBytes(segs.get(0));
            assertEquals("DICM", new String(head, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }

        // 7. exporting again asks first; answering No leaves the files as they were
        long modified = Files.getLastModifiedTime(out.resolve(an + "/disc.png")).toMillis();
        robot.interact(() -> window.export(new ExportDialog.Choice(out, true, false, false, false, false), targets));
        UiFixtures.waitUntil(30, () -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        javafx.scene.control.DialogPane pane = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertTrue(((javafx.scene.control.Label) pane.lookup(".content")).getText().contains("already exist"));
        robot.clickOn(pane.lookupButton(javafx.scene.control.ButtonType.NO));
        UiFixtures.waitUntil(10, () -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertEquals(modified, Files.getLastModifiedTime(out.resolve(an + "/disc.png")).toMillis());
    }
}
