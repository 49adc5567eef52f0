package io.proxyprompt.ui;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.application.SegmentationEngine;
import javafx.scene.chart.XYChart;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segment › Evaluate on annotated cases with the shipped model: runs the engine's Evaluator in the background on
 * sample pairs and shows per object mean Dice, spread and worst case, a chart of every case's Dice, and the CSV.
 */
@ExtendWith(ApplicationExtension.class)
class EvaluateViewTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    private final List<String> evaluationThreads = new CopyOnWriteArrayList<>();
    private volatile boolean waitForCancel;

    @Start
    void start(Stage stage) throws Exception {
        SegmentationEngine real = engine.service().orElseThrow();
        SegmentationEngine watched = new UiFixtures.Delegating(real) {
            @Override
            void beforeEvaluate(ProgressListener progress, CancellationToken cancel) throws Exception {
                evaluationThreads.add(Thread.currentThread().getName());
                while (waitForCancel) {
                    progress.progress(0, 1, "waiting");
                    cancel.throwIfCancelled();
                    Thread.sleep(10);
                }
            }
        };
        show(stage, dir, Optional.of(watched), engine.status());
    }

    /** Three sample photographs with their disc masks. */
    private static Path discPairs() throws Exception {
        Path pairs = Files.createTempDirectory(dir, "pairs");
        for (int i = 1; i <= 3; i++) {
            Files.copy(UiFixtures.SAMPLES.resolve("fundus/fundus_" + i + ".jpg"), pairs.resolve("case" + i + ".jpg"));
            Files.copy(UiFixtures.SAMPLES.resolve("fundus/fundus_" + i + "_disc.png"),
                    pairs.resolve("case" + i + "_disc.png"));
        }
        return pairs;
    }

    @Test
    void theSegmentMenuOffersIt(FxRobot robot) {
        MenuBar bar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        MenuItem item = bar.getMenus().get(3).getItems().stream().filter(i -> "evaluate".equals(i.getId()))
                .findFirst().orElseThrow();
        assertEquals("Evaluate on annotated cases\u2026", item.getText());
    }

    @Test
    void evaluatesInTheBackgroundAndShowsDicePerObjectAndPerCase(FxRobot robot) throws Exception {
        Path pairs = discPairs();
        EvaluateFlow[] flow = new EvaluateFlow[1];
        robot.interact(() -> {
            flow[0] = window.showEvaluation();
            flow[0].setFolder(pairs);
            flow[0].setPlan(1, 2, 7);
        });
        UiFixtures.waitUntil(10, () -> robot.lookup("#evaluateFound").queryLabeled().getText()
                .startsWith("3 annotated cases: disc (3)"));
        robot.clickOn("#evaluateRun");
        UiFixtures.waitUntil(180, () -> flow[0].report().isPresent() && !flow[0].running().get());

        EvaluationReport report = flow[0].report().orElseThrow();
        assertEquals(4, report.rows().size(), "2 repeats x 2 segmented cases");
        assertFalse(evaluationThreads.isEmpty());
        assertTrue(evaluationThreads.stream().noneMatch(t -> t.contains("JavaFX")), evaluationThreads.toString());

        // the table: the report's figures, checked against the rows
        var rows = flow[0].view().table().getItems();
        assertEquals(1, rows.size());
        EvaluationReport.ObjectSummary disc = rows.get(0);
        assertEquals("disc", disc.object());
        assertEquals(4, disc.n());
        double r1 = report.rows().stream().filter(r -> r.repeat() == 1).mapToDouble(EvaluationReport.Row::dice)
                .average().orElseThrow();
        double r2 = report.rows().stream().filter(r -> r.repeat() == 2).mapToDouble(EvaluationReport.Row::dice)
                .average().orElseThrow();
        assertEquals((r1 + r2) / 2, disc.meanDice(), 1e-9);
        assertEquals(Math.abs(r1 - r2) / Math.sqrt(2), disc.stdAcrossRepeats(), 1e-9);
        assertEquals(report.rows().stream().mapToDouble(EvaluationReport.Row::dice).min().orElseThrow(),
                disc.worst().dice(), 1e-12);
        assertTrue(disc.meanDice() >= 0 && disc.meanDice() <= 1);
        double ratio = (double) report.rows().stream().mapToLong(EvaluationReport.Row::predictedPx).sum()
                / report.rows().stream().mapToLong(EvaluationReport.Row::truthPx).sum();
        assertEquals(ratio, disc.areaRatio(), 1e-12);
        var areaColumn = flow[0].view().table().getColumns().get(5);
        assertEquals("Area vs expert", areaColumn.getText());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f\u00d7", ratio), areaColumn.getCellData(0));

        // how many failures (Dice < 0.5) the quality flags caught, and how many good cases they flagged
        EvaluationReport.QcTally qc = EvaluationReport.QcTally.of(report.rows());
        assertEquals(qc, disc.qc());
        var qcColumn = flow[0].view().table().getColumns().get(6);
        assertEquals("Flags caught", qcColumn.getText());
        assertEquals(qc.caught() + "/" + qc.failures() + " failures, " + qc.goodFlagged() + "/" + qc.good()
                + " good flagged", qcColumn.getCellData(0));
        assertTrue(flow[0].view().quality().getText().contains(qc.summary()), flow[0].view().quality().getText());

        // the chart: one bar per segmented case, at its Dice
        var chart = flow[0].view().chart();
        assertEquals(1, chart.getData().size());
        XYChart.Series<String, Number> series = chart.getData().get(0);
        assertEquals("disc", series.getName());
        assertEquals(4, series.getData().size());
        for (int i = 0; i < 4; i++) {
            EvaluationReport.Row row = report.rows().get(i);
            assertEquals(row.target() + " (r" + row.repeat() + ")", series.getData().get(i).getXValue());
            assertEquals(row.dice(), series.getData().get(i).getYValue().doubleValue(), 1e-12);
        }
        assertTrue(chart.isVisible());

        // the per-image CSV, as the evaluate command writes it
        Path csv = dir.resolve("eval.csv");
        robot.interact(() -> flow[0].saveCsv(csv));
        UiFixtures.waitUntil(10, () -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("repeat,object,target,supports,dice,predicted_px,truth_px,qc", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.get(1).startsWith("1,disc,"), lines.get(1));
    }

    @Test
    void aFolderWithoutPairsIsExplainedAndNothingRuns(FxRobot robot) throws Exception {
        Path empty = Files.createTempDirectory(dir, "empty");
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        EvaluateFlow[] flow = new EvaluateFlow[1];
        robot.interact(() -> {
            flow[0] = window.showEvaluation();
            flow[0].setFolder(empty);
        });
        robot.clickOn("#evaluateRun");
        UiFixtures.waitUntil(20, () -> !flow[0].running().get()
                && flow[0].message().getText().contains(empty.toString()));
        assertTrue(flow[0].message().getText().contains("no <case>.<ext> image"), flow[0].message().getText());
        assertTrue(flow[0].report().isEmpty());
        assertFalse(robot.lookup("#evaluateRun").queryButton().isDisabled(), "can run again");

        // too few cases for K: the evaluator's message names the folder and the need
        Path pairs = discPairs();
        robot.interact(() -> {
            flow[0].setFolder(pairs);
            flow[0].setPlan(3, 1, 0);
        });
        robot.clickOn("#evaluateRun");
        UiFixtures.waitUntil(20, () -> !flow[0].running().get()
                && flow[0].message().getText().contains("at least 4"));
    }

    @Test
    void cancelStopsTheEvaluation(FxRobot robot) throws Exception {
        Path pairs = discPairs();
        waitForCancel = true;
        EvaluateFlow[] flow = new EvaluateFlow[1];
        robot.interact(() -> {
            flow[0] = window.showEvaluation();
            flow[0].setFolder(pairs);
        });
        robot.clickOn("#evaluateRun");
        UiFixtures.waitUntil(20, () -> flow[0].running().get() && !evaluationThreads.isEmpty());
        assertFalse(robot.lookup("#evaluateCancel").queryButton().isDisabled());
        robot.clickOn("#evaluateCancel");
        UiFixtures.waitUntil(20, () -> !flow[0].running().get());
        assertEquals("Cancelled", flow[0].message().getText());
        assertTrue(flow[0].report().isEmpty());
        waitForCancel = false;
    }
}
