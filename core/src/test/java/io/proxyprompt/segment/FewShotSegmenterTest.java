package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real engine on the contract-shaped tiny model, whose output is known by construction. */
class FewShotSegmenterTest {

    @TempDir
    Path tmp;

    private FewShotSegmenter segmenter;

    @BeforeEach
    void open() throws Exception {
        segmenter = FewShotSegmenter.open(TinyModel.copyTo(tmp), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw());
    }

    @AfterEach
    void close() {
        segmenter.close();
    }

    private static SupportSet supportWith(String object, Mask mask) {
        Frame image = TinyModel.frame(64, 64, 1);
        return SupportSet.of(new SupportPair("support", image, List.of(new ObjectMask(object, mask, object + ".png"))));
    }

    @Test
    void theTargetMaskFollowsTheSupportMaskAtTheTargetsOriginalSize() throws Exception {
        SupportSet support = supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32));
        SegmentationResult r = segmenter.segment(support, "t", TinyModel.frame(128, 128, 2), CancellationToken.never());
        Mask disc = r.mask("disc");
        assertEquals(128, disc.width());
        assertEquals(128, disc.height());
        assertQuadrant(TinyModel.rect(128, 128, 0, 0, 64, 64), disc);
    }

    /**
     * The low-resolution logits are upsampled bilinearly (as SAM does), so the inner corner of a quadrant is
     * rounded off by a few pixels; everything else is exact and nothing falls outside the quadrant.
     */
    private static void assertQuadrant(Mask expected, Mask actual) {
        assertEquals(0, MaskOps.keepInside(actual, expected).area() - actual.area(), "nothing outside the quadrant");
        assertTrue(MaskMetrics.dice(expected, actual) > 0.98, "Dice " + MaskMetrics.dice(expected, actual));
    }

    @Test
    void paddingNeverLeaksIntoANonSquareTarget() throws Exception {
        // the support covers the top half of the padded square; a wide target fills only that top half
        SupportSet support = supportWith("disc", TinyModel.rect(64, 64, 0, 0, 64, 32));
        SegmentationResult r = segmenter.segment(support, "wide", TinyModel.frame(200, 100, 3),
                CancellationToken.never());
        Mask m = r.mask("disc");
        assertEquals(200, m.width());
        assertEquals(100, m.height());
        assertEquals(200L * 100, m.area(), "the valid region is exactly the top half of the square");
    }

    @Test
    void switchingTheMaskSwitchesTheObjectWithoutReEncodingTheTarget() throws Exception {
        Frame target = TinyModel.frame(64, 64, 5);
        SupportSet topLeft = supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32));
        segmenter.segment(topLeft, "t", target, CancellationToken.never());
        RunCounts before = segmenter.engine().counts();

        SupportSet bottomRight = supportWith("vessel", TinyModel.rect(64, 64, 32, 32, 64, 64));
        SegmentationResult r = segmenter.segment(bottomRight, "t", target, CancellationToken.never());

        assertQuadrant(TinyModel.rect(64, 64, 32, 32, 64, 64), r.mask("vessel"));
        RunCounts after = segmenter.engine().counts();
        assertEquals(0, after.runsSince(before, Graph.IMAGE_ENCODER), "neither target nor support re-encoded");
        assertEquals(1, after.runsSince(before, Graph.SUPPORT_ENCODER));
        assertEquals(1, after.runsSince(before, Graph.PROMPT_GENERATOR));
        assertEquals(1, after.runsSince(before, Graph.MASK_DECODER));
        assertTrue(r.timings().cachedEmbedding());
    }

    @Test
    void theSameSupportSetIsEncodedOnceAndAChangedMaskIsEncodedAgain() throws Exception {
        Frame target = TinyModel.frame(64, 64, 6);
        Mask disc = TinyModel.rect(64, 64, 0, 0, 32, 32);
        segmenter.segment(supportWith("disc", disc), "t", target, CancellationToken.never());
        RunCounts before = segmenter.engine().counts();
        segmenter.segment(supportWith("disc", disc.copy()), "t", target, CancellationToken.never());
        assertEquals(0, segmenter.engine().counts().runsSince(before, Graph.SUPPORT_ENCODER), "same masks: cached");

        Mask edited = disc.copy();
        edited.set(40, 40, true);
        segmenter.segment(supportWith("disc", edited), "t", target, CancellationToken.never());
        assertEquals(1, segmenter.engine().counts().runsSince(before, Graph.SUPPORT_ENCODER), "one pixel more: new");
    }

    @Test
    void aPrefetchedTargetIsNotEncodedAgainWhenSegmented() throws Exception {
        Frame target = TinyModel.frame(64, 64, 40);
        segmenter.prefetch(target);
        RunCounts before = segmenter.engine().counts();
        segmenter.prefetch(target);
        SegmentationResult r = segmenter.segment(supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32)), "t",
                target, CancellationToken.never());
        assertEquals(1, segmenter.engine().counts().runsSince(before, Graph.IMAGE_ENCODER), "only the support");
        assertTrue(r.timings().cachedEmbedding());
    }

    @Test
    void theEmbeddingCacheStaysUnderItsCap() throws Exception {
        long embeddingBytes = 4L * 4 * 2 * 2 + 16;
        try (FewShotSegmenter small = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("capped")),
                ExecutionDevice.CPU, new EngineSettings(1, 3 * embeddingBytes, 1 << 20), SegmentOptions.raw())) {
            for (int i = 0; i < 10; i++) {
                small.segment(supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32)), "t" + i,
                        TinyModel.frame(48, 48, 100 + i), CancellationToken.never());
            }
            assertEquals(3, small.engine().embeddingCache().entries());
            assertTrue(small.engine().embeddingCache().peakBytes() <= 3 * embeddingBytes);
            // which 3 stay is the cache's policy (Caffeine's frequency-based one); what it keeps is used, what it
            // dropped is encoded again
            List<Integer> kept = new ArrayList<>();
            List<Integer> dropped = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Frame f = TinyModel.frame(48, 48, 100 + i);
                (small.engine().hasEmbedding(small.engine().preprocessor().prepareRgb(FrameRenderer.toRgb8(f),
                        f.width(), f.height())) ? kept : dropped).add(i);
            }
            assertEquals(3, kept.size(), "kept " + kept);
            RunCounts before = small.engine().counts();
            small.segment(supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32)), "kept",
                    TinyModel.frame(48, 48, 100 + kept.get(0)), CancellationToken.never());
            assertEquals(0, small.engine().counts().runsSince(before, Graph.IMAGE_ENCODER));
            small.segment(supportWith("disc", TinyModel.rect(64, 64, 0, 0, 32, 32)), "dropped",
                    TinyModel.frame(48, 48, 100 + dropped.get(0)), CancellationToken.never());
            assertEquals(1, small.engine().counts().runsSince(before, Graph.IMAGE_ENCODER));
            assertTrue(small.engine().embeddingCache().peakBytes() <= 3 * embeddingBytes);
        }
    }


    @Test
    void aMaskOfAnotherSizeThanItsSupportImageIsRejectedClearly() {
        Frame image = TinyModel.frame(64, 64, 1);
        InvalidSupportException e = assertThrows(InvalidSupportException.class, () -> new SupportPair("IDRiD_01",
                image, List.of(new ObjectMask("disc", TinyModel.rect(32, 32, 0, 0, 8, 8), "IDRiD_01_disc.png"))));
        assertTrue(e.getMessage().contains("IDRiD_01_disc.png") && e.getMessage().contains("32x32")
                && e.getMessage().contains("64x64") && e.getMessage().contains("same size"), e.getMessage());
    }

    @Test
    void anEmptyMaskIsRejectedClearly() {
        Frame image = TinyModel.frame(64, 64, 1);
        InvalidSupportException e = assertThrows(InvalidSupportException.class, () -> new SupportPair("IDRiD_01",
                image, List.of(new ObjectMask("cup", new Mask(64, 64), "IDRiD_01_cup.png"))));
        assertTrue(e.getMessage().contains("'cup'") && e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void supportsMustNameTheSameObjects() {
        Frame image = TinyModel.frame(64, 64, 1);
        SupportPair a = new SupportPair("a", image, List.of(new ObjectMask("disc", TinyModel.rect(64, 64, 0, 0, 9, 9))));
        SupportPair b = new SupportPair("b", image, List.of(new ObjectMask("cup", TinyModel.rect(64, 64, 0, 0, 9, 9))));
        InvalidSupportException e = assertThrows(InvalidSupportException.class, () -> new SupportSet(List.of(a, b)));
        assertTrue(e.getMessage().contains("same objects"), e.getMessage());
    }

    @Test
    void twoObjectsAndTwoSupportsGiveOneMaskEachAndCleanUpApplies() throws Exception {
        Frame s1 = TinyModel.frame(64, 64, 1);
        Frame s2 = TinyModel.frame(64, 64, 2);
        SupportSet set = new SupportSet(List.of(
                new SupportPair("s1", s1, List.of(new ObjectMask("disc", TinyModel.rect(64, 64, 0, 0, 64, 32)),
                        new ObjectMask("cup", TinyModel.rect(64, 64, 0, 0, 64, 64)))),
                new SupportPair("s2", s2, List.of(new ObjectMask("disc", TinyModel.rect(64, 64, 0, 0, 64, 32)),
                        new ObjectMask("cup", TinyModel.rect(64, 64, 0, 0, 64, 64))))));
        try (FewShotSegmenter cleaned = new FewShotSegmenter(segmenter.engine(), SegmentOptions.defaults())) {
            SegmentationResult r = cleaned.segment(set, "t", TinyModel.frame(64, 64, 9), CancellationToken.never());
            assertEquals(List.of("disc", "cup"), r.objects().stream().map(SegmentationResult.ObjectResult::name).toList());
            // the raw cup covers the whole image; keep-inside clips it to the disc (top half)
            assertEquals(r.mask("disc"), r.mask("cup"));
            assertEquals(0, MaskOps.xorCount(r.mask("disc"), TinyModel.rect(64, 64, 0, 0, 64, 32)));
        }
        segmenter = FewShotSegmenter.open(TinyModel.copyTo(tmp.resolve("again")), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw());
    }
}
