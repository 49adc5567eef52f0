package io.proxyprompt.ui;

import io.proxyprompt.application.BatchSummary;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancel and per-target failure handling of the Segment action. The engine is replaced by a stand-in that
 * produces no masks at all: it waits for the cancel, or reports a failure, so the UI's handling is what is tested.
 */
@ExtendWith(ApplicationExtension.class)
class RunControlTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean failInstead;
    /** Reports every target as failed, then throws (the engine breaking down while it winds down). */
    private volatile boolean throwAfterDelivering;
    /** Each call reports every target as failed, then waits for its latch before it returns (calls 1 and 2). */
    private volatile boolean holdAfterDelivering;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final CountDownLatch firstReturned = new CountDownLatch(1);
    private final CountDownLatch releaseSecondBeforeDelivering = new CountDownLatch(1);

    @Start
    void start(Stage stage) throws Exception {
        SegmentationEngine standIn = new SegmentationEngine() {
            public EngineStatus status() {
                return new EngineStatus("CPU", "test", "stand-in", true, null);
            }

            public BatchSummary run(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                                    CancellationToken cancel, Consumer<FrameOutcome> onTarget) throws Exception {
                started.countDown();
                if (holdAfterDelivering) {
                    int call = calls.incrementAndGet();
                    if (call == 2) {
                        releaseSecondBeforeDelivering.await();
                    }
                    for (BatchTarget t : targets) {
                        onTarget.accept(new FrameOutcome.Failed(t.id(), t.name(), t.name() + ": call " + call));
                    }
                    if (call == 1) {
                        releaseFirst.await();
                        firstReturned.countDown();
                    }
                    return new BatchSummary(targets.size(), 0, 0, targets.size(), false, 0);
                }
                if (throwAfterDelivering) {
                    for (BatchTarget t : targets) {
                        onTarget.accept(new FrameOutcome.Failed(t.id(), t.name(), t.name() + ": unreadable"));
                    }
                    Thread.sleep(200);   // the window has taken every result before the engine breaks down
                    throw new IllegalStateException("a worker thread died");
                }
                if (failInstead) {
                    for (BatchTarget t : targets) {
                        onTarget.accept(new FrameOutcome.Failed(t.id(), t.name(), t.name()
                                + ": the model could not run on it"));
                    }
                    return new BatchSummary(targets.size(), 0, 0, targets.size(), false, 0);
                }
                progress.progress(0, targets.size(), "Segmenting " + targets.get(0).name());
                while (true) {
                    cancel.throwIfCancelled();
                    Thread.sleep(10);
                }
            }

            public io.proxyprompt.segment.EvaluationReport evaluate(io.proxyprompt.image.Images images,
                    io.proxyprompt.segment.PairsFolder pairs, io.proxyprompt.segment.Evaluator.Plan plan,
                    ProgressListener progress, CancellationToken cancel) {
                throw new UnsupportedOperationException("the stand-in does not evaluate");
            }
        };
        show(stage, dir, Optional.of(standIn), standIn.status());
    }

    private void prepare(FxRobot robot) {
        Path a = UiFixtures.png(dir, "run_a", 120, 90, 40, 45);
        Path b = UiFixtures.png(dir, "run_b", 120, 90, 80, 45);
        robot.interact(() -> window.openTargets(List.of(a, b)));
        UiFixtures.waitUntil(20, () -> window.targets().items().size() == 2);
        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(a);
        });
        UiFixtures.waitUntil(20, () -> window.document().orElse(null) instanceof SupportDocument);
        SupportSetEntry.Pair pair = services.workspace().selectedSet().orElseThrow().pairs().get(0);
        robot.interact(() -> {
            Mask m = window.document().orElseThrow().editableMask(0, "disc");
            MaskTools.stroke(m, 40, 45, 45, 45, 8, true);
            window.document().orElseThrow().edited("disc");
        });
        assertFalse(pair.mask("disc").isEmpty());
        assertFalse(robot.lookup("#segmentButton").queryButton().isDisabled());
    }

    private String notification(FxRobot robot) {
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        return pane.isShowing() ? pane.getText() : "";
    }

    @Test
    void cancelStopsTheRunAndPutsTheTargetsBack(FxRobot robot) throws Exception {
        prepare(robot);
        assertTrue(robot.lookup("#cancelButton").queryButton().isDisabled());
        assertFalse(robot.lookup("#runProgress").query().isVisible());
        javafx.geometry.Bounds before = robot.lookup("#pairList").query().getBoundsInParent();
        robot.clickOn("#segmentButton");
        started.await();
        UiFixtures.waitUntil(10, () -> services.workspace().targets().stream()
                .allMatch(t -> t.status() == TargetStatus.RUNNING));
        assertFalse(robot.lookup("#cancelButton").queryButton().isDisabled());
        assertTrue(robot.lookup("#runProgress").query().isVisible());
        // the progress appears in the space kept for it: nothing above it moves (or is repainted)
        robot.interact(() -> { });
        assertEquals(before, robot.lookup("#pairList").query().getBoundsInParent());
        robot.clickOn("#cancelButton");
        UiFixtures.waitUntil(10, () -> !window.runner().running().get());
        services.workspace().targets().forEach(t -> assertEquals(TargetStatus.NOT_RUN, t.status()));
        UiFixtures.waitUntil(10, () -> notification(robot).startsWith("Run cancelled"));
        assertFalse(robot.lookup("#segmentButton").queryButton().isDisabled());
        assertTrue(robot.lookup("#cancelButton").queryButton().isDisabled());
    }

    @Test
    void failedTargetsAreMarkedWithTheReasonAndTheRunEnds(FxRobot robot) {
        failInstead = true;
        prepare(robot);
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(10, () -> !window.runner().running().get());
        services.workspace().targets().forEach(t -> {
            assertEquals(TargetStatus.FAILED, t.status());
            assertTrue(t.problem().endsWith(": the model could not run on it"), t.problem());
        });
        UiFixtures.waitUntil(10, () -> notification(robot).startsWith("2 targets failed"));
    }

    @Test
    void theRunEndsWithItsLastResultAndAnEngineStillWindingDownDoesNotEndTheNextRun(FxRobot robot) throws Exception {
        holdAfterDelivering = true;
        prepare(robot);
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(10, () -> !window.runner().running().get());
        assertEquals(1, firstReturned.getCount(), "the run ended for the clinician before the engine returned");
        services.workspace().targets().forEach(t -> assertEquals(TargetStatus.FAILED, t.status()));

        robot.clickOn("#segmentButton");
        assertTrue(window.runner().running().get());
        releaseFirst.countDown();
        firstReturned.await();
        // the first run's completion reaches the FX thread while the second run goes on
        UiFixtures.waitUntil(10, () -> calls.get() == 2);
        robot.interact(() -> { });
        robot.interact(() -> { });
        assertTrue(window.runner().running().get(), "the second run still runs");
        assertFalse(robot.lookup("#cancelButton").queryButton().isDisabled());

        releaseSecondBeforeDelivering.countDown();
        UiFixtures.waitUntil(10, () -> !window.runner().running().get());
        services.workspace().targets().forEach(t -> assertTrue(t.problem().endsWith(": call 2"), t.problem()));
    }

    @Test
    void anEngineFailingAfterTheRunsLastResultSaysTheResultsAreIn(FxRobot robot) throws Exception {
        throwAfterDelivering = true;
        prepare(robot);
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(10, () -> notification(robot).startsWith("The segmentation engine failed after"));
        String text = notification(robot);
        assertTrue(text.contains("a worker thread died") && text.contains("every result of the run is in"), text);
        assertFalse(window.runner().running().get());
        services.workspace().targets().forEach(t -> assertTrue(t.problem().endsWith(": unreadable"), t.problem()));
    }
}
