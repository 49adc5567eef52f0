package io.proxyprompt.segment;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.image.Images;
import io.proxyprompt.common.OpenCv;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    @TempDir
    Path tmp;

    private PairsFolder pairs(int n) throws Exception {
        OpenCv.load();
        for (int i = 0; i < n; i++) {
            Mat m = new Mat(48, 48, CvType.CV_8UC3, new Scalar(30 + 10 * i, 90, 160));
            Imgcodecs.imwrite(tmp.resolve("eye" + i + ".png").toString(), m);
            m.release();
            MaskFiles.write(tmp.resolve("eye" + i + "_disc.png"), TinyModel.rect(48, 48, 24, 0, 48, 24),
                    AtomicFiles.Existing.REFUSE);
        }
        return PairsFolder.scan(tmp);
    }

    @Test
    void scansImagesAndTheirMasksAndEvaluatesEveryNonSupportCase() throws Exception {
        PairsFolder pairs = pairs(5);
        assertEquals(5, pairs.cases().size());
        assertEquals(List.of("disc"), pairs.objects());
        try (FewShotSegmenter seg = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("m")), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw())) {
            EvaluationReport r = new Evaluator(seg, new Images(List.of(new RasterImageReader())))
                    .evaluate(pairs, new Evaluator.Plan(List.of("disc"), 2, 3, 1), ProgressListener.NONE,
                            CancellationToken.never());
            assertEquals(3 * 3, r.rows().size());
            EvaluationReport.ObjectSummary s = r.summaries().get(0);
            assertTrue(s.meanDice() > 0.98, "the tiny model copies the quadrant: " + s.meanDice());
            assertEquals(0.0, s.stdAcrossRepeats(), 1e-9);
        }
    }

    @Test
    void areaRatioTellsOverSegmentationFromUnderSegmentation() {
        Evaluator.Plan plan = new Evaluator.Plan(List.of("vessel", "disc"), 1, 1, 0);
        List<EvaluationReport.Row> rows = List.of(
                new EvaluationReport.Row(1, "vessel", "a", "s", 0.7, 1300, 1000),
                new EvaluationReport.Row(1, "vessel", "b", "s", 0.6, 1100, 1000),
                new EvaluationReport.Row(1, "disc", "a", "s", 0.9, 800, 1000),
                new EvaluationReport.Row(1, "disc", "b", "s", 0.9, 0, 0));
        List<EvaluationReport.ObjectSummary> s = Evaluator.summarise(rows, plan);
        assertEquals(1.2, s.get(0).areaRatio(), 1e-9, "2400 predicted over 2000 drawn vessel pixels");
        assertEquals(0.8, s.get(1).areaRatio(), 1e-9, "800 predicted over 1000 drawn disc pixels");
        assertTrue(Double.isNaN(Evaluator.summarise(List.of(new EvaluationReport.Row(1, "disc", "a", "s", 1.0, 0, 0)),
                new Evaluator.Plan(List.of("disc"), 1, 1, 0)).get(0).areaRatio()), "no expert pixels: no ratio");
    }

    @Test
    void theQualityFlagsCaughtFailuresAndFlaggedGoodCasesAreCounted() {
        Evaluator.Plan plan = new Evaluator.Plan(List.of("disc"), 1, 1, 0);
        List<EvaluationReport.Row> rows = List.of(
                new EvaluationReport.Row(1, "disc", "a", "s", 0.10, 10, 100, List.of("empty")),
                new EvaluationReport.Row(1, "disc", "b", "s", 0.40, 10, 100, List.of()),
                new EvaluationReport.Row(1, "disc", "c", "s", 0.45, 10, 100, List.of("not_compact")),
                new EvaluationReport.Row(1, "disc", "d", "s", 0.90, 10, 100, List.of("low_confidence")),
                new EvaluationReport.Row(1, "disc", "e", "s", 0.95, 10, 100, List.of()));
        EvaluationReport.QcTally qc = Evaluator.summarise(rows, plan).get(0).qc();
        assertEquals(new EvaluationReport.QcTally(3, 2, 2, 1), qc);
        assertEquals(2 / 3.0, qc.catchRate(), 1e-9);
        assertEquals(0.5, qc.falseFlagRate(), 1e-9);
        assertTrue(Double.isNaN(new EvaluationReport.QcTally(0, 0, 4, 0).catchRate()), "no failure: no catch rate");
    }

    @Test
    void eachCaseCarriesTheFlagsTheCheckGaveItsObject() throws Exception {
        PairsFolder pairs = pairs(3);
        try (FewShotSegmenter seg = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("m")), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw())) {
            ResultCheck flagEye2 = (result, image, support) -> result.target().equals("eye2")
                    ? java.util.Map.of("disc", List.of("area_unlike_support"), "cup", List.of("empty")) : java.util.Map.of();
            EvaluationReport r = new Evaluator(seg, new Images(List.of(new RasterImageReader())), flagEye2)
                    .evaluate(pairs, new Evaluator.Plan(List.of("disc"), 1, 2, 3), ProgressListener.NONE,
                            CancellationToken.never());
            for (EvaluationReport.Row row : r.rows()) {
                assertEquals(row.target().equals("eye2") ? List.of("area_unlike_support") : List.of(), row.flags());
            }
            EvaluationReport.QcTally qc = r.summaries().get(0).qc();
            assertEquals(r.rows().size(), qc.failures() + qc.good());
            assertEquals(r.rows().stream().filter(x -> x.target().equals("eye2")).count(),
                    qc.caught() + qc.goodFlagged());
        }
    }

    @Test
    void cancellingStopsTheEvaluation() throws Exception {
        PairsFolder pairs = pairs(4);
        CancellationToken cancel = new CancellationToken();
        try (FewShotSegmenter seg = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("m")), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw())) {
            Evaluator ev = new Evaluator(seg, new Images(List.of(new RasterImageReader())));
            ProgressListener cancelAtSecond = (done, total, msg) -> {
                if (done == 1) {
                    cancel.cancel();
                }
            };
            assertThrows(CancelledException.class, () -> ev.evaluate(pairs,
                    new Evaluator.Plan(List.of("disc"), 1, 5, 0), cancelAtSecond, cancel));
        }
    }
}
