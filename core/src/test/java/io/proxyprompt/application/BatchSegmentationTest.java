package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityCheck;
import io.proxyprompt.segment.FewShotSegmenter;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentOptions;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one batch loop on the real engine with the contract-shaped tiny model. */
class BatchSegmentationTest {

    @TempDir
    Path tmp;

    private FewShotSegmenter segmenter;
    private BatchSegmentation batch;

    @BeforeEach
    void open() throws Exception {
        segmenter = FewShotSegmenter.open(TinyModel.copyTo(tmp), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw());
        batch = new BatchSegmentation(segmenter, QualityCheck.defaults(), AnatomicalRules.none());
    }

    @AfterEach
    void close() {
        segmenter.close();
    }

    private static SupportSet supportWith(Mask mask) {
        return SupportSet.of(new SupportPair("support", TinyModel.frame(64, 64, 1),
                List.of(new ObjectMask("disc", mask, "disc.png"))));
    }

    private static BatchTarget target(String name, Frame... frames) {
        return new BatchTarget(name, name, () -> List.of(frames));
    }

    @Test
    void aBatchAfterAMaskChangeRunsTheSupportEncoderOnceAndNoImageEncoder() throws Exception {
        List<BatchTarget> targets = List.of(target("a", TinyModel.frame(64, 48, 10)),
                target("b", TinyModel.frame(40, 64, 11)), target("c", TinyModel.frame(64, 64, 12)));
        BatchSummary first = batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)), targets,
                ProgressListener.NONE, CancellationToken.never(), o -> { });
        assertEquals(3, first.done());
        RunCounts mid = segmenter.engine().counts();
        assertEquals(4, mid.runs(Graph.IMAGE_ENCODER), "1 support + 3 targets");

        BatchSummary second = batch.run(supportWith(TinyModel.rect(64, 64, 32, 0, 64, 32)), targets,
                ProgressListener.NONE, CancellationToken.never(), o -> { });
        assertEquals(3, second.done());
        RunCounts end = segmenter.engine().counts();
        assertEquals(0, end.runsSince(mid, Graph.IMAGE_ENCODER));
        assertEquals(1, end.runsSince(mid, Graph.SUPPORT_ENCODER));
        assertEquals(3, end.runsSince(mid, Graph.PROMPT_GENERATOR));
        assertEquals(3, end.runsSince(mid, Graph.MASK_DECODER));
    }

    @Test
    void theChecksOfABatchResultAreThoseOfTheCheckAloneThoughItsFieldOfViewIsJudgedWhileTheGraphsRun()
            throws Exception {
        QualityCheck quality = QualityCheck.defaults();
        SupportSet support = supportWith(TinyModel.rect(64, 64, 16, 16, 40, 40));
        List<FrameOutcome> outcomes = new ArrayList<>();
        // a threshold under every logit: the disc is the whole frame, so it reaches past any field of view's edge
        try (FewShotSegmenter everything = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("all")),
                ExecutionDevice.CPU, EngineSettings.defaults().withThreads(1),
                new SegmentOptions(-1000f, java.util.Set.of(), 0, java.util.Map.of()))) {
            new BatchSegmentation(everything, quality, AnatomicalRules.none()).run(support, List.of(
                    target("eye", fundus(64, 64, 28)), target("small", fundus(64, 64, 12)),
                    target("smaller", fundus(64, 64, 8)), target("grey", TinyModel.frame(64, 64, 44))),
                    ProgressListener.NONE, CancellationToken.never(), outcomes::add);
        }
        assertEquals(4, outcomes.size());
        int atEdge = 0;
        for (FrameOutcome o : outcomes) {
            FrameOutcome.Segmented s = (FrameOutcome.Segmented) o;
            // no anatomical rules in this batch, so the checked masks are the delivered ones
            assertEquals(quality.check(s.result(), s.image(), quality.supportAreas(support)), s.quality(),
                    s.targetName());
            atEdge += s.quality().of("disc").contains(io.proxyprompt.quality.QcFlag.AT_FIELD_EDGE) ? 1 : 0;
        }
        assertEquals(3, atEdge, "every colour photograph's field of view was judged (the grey frame has none)");
    }

    @Test
    void aBatchResultIsMeasuredAsTidiedAndInItsJudgedFieldOfViewWithTheSameNumbersAsFromScratch() throws Exception {
        AnatomicalRules rules = AnatomicalRules.defaults();
        SupportSet support = SupportSet.of(new SupportPair("support", fundus(64, 64, 28), List.of(
                new ObjectMask("disc", TinyModel.rect(64, 64, 16, 16, 40, 40), "disc.png"),
                new ObjectMask("cup", TinyModel.rect(64, 64, 24, 22, 34, 36), "cup.png"),
                new ObjectMask("vessel", TinyModel.rect(64, 64, 4, 30, 60, 33), "vessel.png"))));
        List<FrameOutcome> outcomes = new ArrayList<>();
        try (FewShotSegmenter s = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("rules")), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), rules.segmentOptions(0f))) {
            new BatchSegmentation(s, QualityCheck.defaults(), rules).run(support, List.of(
                    target("eye", fundus(64, 64, 26)), target("small", fundus(64, 48, 14)),
                    target("grey", TinyModel.frame(64, 64, 44))),
                    ProgressListener.NONE, CancellationToken.never(), outcomes::add);
        }
        assertEquals(3, outcomes.size());
        for (FrameOutcome o : outcomes) {
            FrameOutcome.Segmented seg = (FrameOutcome.Segmented) o;
            assertEquals(rules, seg.tidiedUnder(), seg.targetName());
            assertEquals(seg.image().channels() == 3, seg.fieldOfView() != null,
                    "judged on the decode thread for every colour photograph: " + seg.targetName());
            ExportItem item = ExportItem.of(seg);
            assertEquals(Measurements.of(seg.result().masks(), seg.image(), rules),
                    Measurements.of(item.masks(), item.image(), rules, item.tidiedUnder(), item.fieldOfView()),
                    "tidied again and judged again, the numbers are the same: " + seg.targetName());
        }
    }

    /** A colour photograph: a bright round field of view of radius {@code r} on a black border. */
    private static Frame fundus(int w, int h, int r) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = (x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2) <= r * r;
                rgb[(y * w + x) * 3] = (byte) (in ? 180 + (x * 7 + y * 3) % 60 : 0);
                rgb[(y * w + x) * 3 + 1] = (byte) (in ? 90 + (x * 5) % 40 : 0);
                rgb[(y * w + x) * 3 + 2] = (byte) (in ? 40 : 0);
            }
        }
        return Frame.photo(w, h, 3, rgb, null);
    }

    @Test
    void everyFrameOfAMultiFrameTargetIsReportedInOrderAndCountedAsOneTarget() throws Exception {
        List<FrameOutcome> outcomes = new ArrayList<>();
        BatchSummary s = batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)),
                List.of(target("series", TinyModel.frame(48, 48, 40), TinyModel.frame(48, 48, 41),
                        TinyModel.frame(48, 48, 42)), target("photo", TinyModel.frame(48, 48, 43))),
                ProgressListener.NONE, CancellationToken.never(), outcomes::add);
        assertEquals(new BatchSummary(2, 2, 4, 0, false, s.seconds()), s);
        List<String> seen = outcomes.stream().map(o -> (FrameOutcome.Segmented) o)
                .map(o -> o.targetName() + "#" + o.key().frame() + "/" + o.frameCount()).toList();
        assertEquals(List.of("series#0/3", "series#1/3", "series#2/3", "photo#0/1"), seen);
        FrameOutcome.Segmented first = (FrameOutcome.Segmented) outcomes.get(0);
        assertEquals(48, first.result().mask("disc").width(), "masks at the frame's size");
        assertTrue(first.result().objects().get(0).iou() >= 0, "the decoder's confidence travels with the mask");
    }

    @Test
    void aNonImageTargetFailsAloneAndTheBatchKeepsTheGoodTargets() throws Exception {
        Path notAnImage = Files.writeString(tmp.resolve("notes.png"), "these are notes, not pixels");
        Images images = new Images(List.of(new RasterImageReader()));
        List<FrameOutcome> outcomes = new ArrayList<>();
        BatchSummary s = batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)),
                List.of(target("good1", TinyModel.frame(64, 64, 20)), BatchTarget.file("notes", "notes", notAnImage,
                        images), target("good2", TinyModel.frame(64, 64, 21))),
                ProgressListener.NONE, CancellationToken.never(), outcomes::add);
        assertEquals(List.of("good1", "notes", "good2"), outcomes.stream().map(FrameOutcome::targetName).toList());
        FrameOutcome.Failed failed = (FrameOutcome.Failed) outcomes.get(1);
        assertTrue(failed.message().contains("notes.png") && failed.message().contains("not a PNG, JPEG, TIFF or BMP"),
                failed.message());
        assertEquals(2, s.done());
        assertEquals(1, s.failed());
        assertFalse(s.cancelled());
    }

    @Test
    void aTargetWhoseReaderThrowsFailsAloneWithAMessage() throws Exception {
        List<FrameOutcome> outcomes = new ArrayList<>();
        BatchTarget broken = new BatchTarget("x", "x", () -> {
            throw new IllegalStateException("decoder bug");
        });
        BatchSummary s = batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)),
                List.of(broken, target("ok", TinyModel.frame(64, 64, 22))), ProgressListener.NONE,
                CancellationToken.never(), outcomes::add);
        assertEquals(1, s.failed());
        assertEquals(1, s.done());
        assertTrue(((FrameOutcome.Failed) outcomes.get(0)).message().contains("x: could not be read"),
                outcomes.get(0).toString());
    }

    @Test
    void cancellingMidBatchStopsWithinOneTarget() throws Exception {
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            targets.add(target("t" + i, TinyModel.frame(64, 64, 30 + i)));
        }
        CancellationToken cancel = new CancellationToken();
        List<String> started = new ArrayList<>();
        ProgressListener cancelAtThird = (done, total, message) -> {
            if (message.startsWith("Segmenting ")) {
                started.add(message);
                if (done == 2) {
                    cancel.cancel();
                }
            }
        };
        List<FrameOutcome> outcomes = new ArrayList<>();
        BatchSummary s = batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)), targets, cancelAtThird, cancel,
                outcomes::add);
        assertTrue(s.cancelled());
        assertEquals(2, outcomes.size(), "the target running when cancel came is dropped, none after it starts");
        assertEquals(3, started.size());
        assertEquals(3, segmenter.engine().counts().runs(Graph.IMAGE_ENCODER),
                "support + 2 finished targets encoded; the cancelled one stopped before its encoder");
    }

    @Test
    void theNextTargetIsDecodedWhileTheCurrentOneRuns() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<BatchTarget> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            targets.add(new BatchTarget("t" + i, "t" + i, () -> {
                order.add("decode t" + n + " on " + Thread.currentThread().getName());
                return List.of(TinyModel.frame(64, 64, 50 + n));
            }));
        }
        // while t0's outcome is being handled, t1 must get decoded: without the look-ahead it would wait for us
        batch.run(supportWith(TinyModel.rect(64, 64, 0, 0, 32, 32)), targets, ProgressListener.NONE,
                CancellationToken.never(), o -> {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (o.targetName().equals("t0") && !order.contains("decode t1 on batch-decode")
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    order.add("done " + o.targetName());
                });
        assertTrue(order.stream().filter(e -> e.startsWith("decode")).allMatch(e -> e.endsWith("on batch-decode")),
                order.toString());
        assertTrue(order.indexOf("decode t1 on batch-decode") < order.indexOf("done t0"),
                "t1 is decoded while t0 is handled: " + order);
    }
}
