package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.ImageEmbedding;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine on the tiny model of the extended contract (S=64, encoder_downsample 2, hr_features 2x32x32, logits
 * at S/2): the target's hr features are cached with its embedding, fed to the decoder, and counted by the cache.
 */
class HrModelSegmentationTest {

    @TempDir
    Path tmp;

    private FewShotSegmenter segmenter;

    @BeforeEach
    void open() throws Exception {
        segmenter = FewShotSegmenter.open(TinyModel.copyHrTo(tmp), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), SegmentOptions.raw());
    }

    @AfterEach
    void close() {
        segmenter.close();
    }

    private static SupportSet supportWith(String object, Mask mask) {
        return SupportSet.of(new SupportPair("support", TinyModel.frame(128, 128, 1),
                List.of(new ObjectMask(object, mask, object + ".png"))));
    }

    private static void assertQuadrant(Mask expected, Mask actual) {
        assertEquals(0, MaskOps.keepInside(actual, expected).area() - actual.area(), "nothing outside the quadrant");
        assertTrue(MaskMetrics.dice(expected, actual) > 0.98, "Dice " + MaskMetrics.dice(expected, actual));
    }

    @Test
    void theTargetMaskFollowsTheSupportMaskFromHalfResolutionLogits() throws Exception {
        SegmentationResult r = segmenter.segment(supportWith("vessel", TinyModel.rect(128, 128, 64, 0, 128, 64)),
                "t", TinyModel.frame(200, 200, 2), CancellationToken.never());
        Mask vessel = r.mask("vessel");
        assertEquals(200, vessel.width());
        assertEquals(200, vessel.height());
        assertQuadrant(TinyModel.rect(200, 200, 100, 0, 200, 100), vessel);
    }

    @Test
    void theEncoderCachesTheHrFeaturesWithTheEmbedding() throws Exception {
        PreparedImage image = segmenter.engine().preprocessor().prepare(TinyModel.frame(64, 64, 3));
        ImageEmbedding e = segmenter.engine().embed(image);
        assertArrayEquals(new long[] {1, 4, 2, 2}, e.embedding().shape());
        assertArrayEquals(new long[] {1, 2, 32, 32}, e.hrFeatures().shape());
        assertTrue(Arrays.stream(toDoubles(e.hrFeatures().data())).anyMatch(v -> v != 0), "real features");
        RunCounts before = segmenter.engine().counts();
        assertSame(e, segmenter.engine().embed(image), "the second call is answered by the cache");
        assertEquals(0, segmenter.engine().counts().runsSince(before, Graph.IMAGE_ENCODER));
        assertEquals(e.embedding().bytes() + e.hrFeatures().bytes(), segmenter.engine().embeddingCache().sizeBytes());
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void switchingTheObjectNeverReEncodesTheTarget() throws Exception {
        Frame target = TinyModel.frame(64, 64, 5);
        segmenter.segment(supportWith("disc", TinyModel.rect(128, 128, 0, 0, 64, 64)), "t", target,
                CancellationToken.never());
        RunCounts before = segmenter.engine().counts();
        SegmentationResult r = segmenter.segment(supportWith("vessel", TinyModel.rect(128, 128, 64, 64, 128, 128)),
                "t", target, CancellationToken.never());
        assertQuadrant(TinyModel.rect(64, 64, 32, 32, 64, 64), r.mask("vessel"));
        RunCounts after = segmenter.engine().counts();
        assertEquals(0, after.runsSince(before, Graph.IMAGE_ENCODER), "neither target nor support re-encoded");
        assertEquals(1, after.runsSince(before, Graph.SUPPORT_ENCODER));
        assertEquals(1, after.runsSince(before, Graph.MASK_DECODER));
        assertTrue(r.timings().cachedEmbedding());
    }

    @Test
    void theEmbeddingCacheCapCountsTheHrFeatures() throws Exception {
        long embeddingBytes = 4L * 4 * 2 * 2 + 16;
        long hrBytes = 4L * 2 * 32 * 32 + 16;
        long entry = embeddingBytes + hrBytes;
        try (FewShotSegmenter small = FewShotSegmenter.open(TinyModel.copyHrTo(tmp.resolve("capped")),
                ExecutionDevice.CPU, new EngineSettings(1, 3 * entry, 1 << 20), SegmentOptions.raw())) {
            for (int i = 0; i < 10; i++) {
                small.segment(supportWith("disc", TinyModel.rect(128, 128, 0, 0, 64, 64)), "t" + i,
                        TinyModel.frame(48, 48, 100 + i), CancellationToken.never());
            }
            assertEquals(3, small.engine().embeddingCache().entries(), "3 entries of embedding + hr features fit");
            assertEquals(3 * entry, small.engine().embeddingCache().sizeBytes());
            assertTrue(small.engine().embeddingCache().peakBytes() <= 3 * entry);
        }
    }
}
