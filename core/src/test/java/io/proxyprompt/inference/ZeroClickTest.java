package io.proxyprompt.inference;

import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The click decoder of issue 21 (exported by training/click_export.py) against the same model's mask decoder under
 * ONNX Runtime Java: zero clicks give bit-identical logits and IoU, a click changes them, segmenting never runs the
 * click decoder, and the engine opens a model with or without one and says which takes clicks.
 */
class ZeroClickTest {

    @TempDir
    Path tmp;

    private static Tensor random(Random r, long... shape) {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(v, shape);
    }

    private static InferenceEngine open(Path model) throws Exception {
        return InferenceEngine.open(ModelBundle.load(model), ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1));
    }

    @Test
    void zeroClicksGiveExactlyTheDecoderWithoutClicks() throws Exception {
        try (InferenceEngine clicks = open(TinyModel.copyClicksTo(tmp));
             InferenceEngine base = open(TinyModel.copyClicksBaseTo(tmp))) {
            assertTrue(clicks.takesClicks(), "the model has a click decoder with point_coords and point_labels");
            assertFalse(base.takesClicks(), "without click_decoder.onnx the model takes no clicks");
            ModelSpec spec = clicks.model().spec();
            Random r = new Random(21);
            for (int n = 1; n <= 3; n++) {
                ImageEmbedding target = new ImageEmbedding(
                        random(r, 1, spec.embeddingChannels(), spec.embeddingSize(), spec.embeddingSize()),
                        random(r, 1, spec.hrFeatures().channels(), spec.hrFeatures().size(), spec.hrFeatures().size()));
                Tensor prompt = random(r, n, spec.promptTokens(), spec.embeddingChannels());
                InferenceEngine.Decoded a = base.decode(target, prompt);
                RunCounts before = clicks.counts();
                InferenceEngine.Decoded plain = clicks.decode(target, prompt);
                assertEquals(0, clicks.counts().runsSince(before, Graph.CLICK_DECODER), "segmenting: plain decoder");
                assertArrayEquals(a.logits().data(), plain.logits().data(), "N=" + n + ": the same mask decoder");
                InferenceEngine.Decoded b = clicks.decode(target, prompt, new Tensor(new float[0], new long[] {n, 0, 2}),
                        new Tensor(new float[0], new long[] {n, 0}));
                assertArrayEquals(a.logits().data(), b.logits().data(), "N=" + n + ": zero clicks, logits bit for bit");
                assertArrayEquals(a.iou(), b.iou(), "N=" + n + ": zero clicks, iou bit for bit");

                float[] xy = new float[n * 2];
                float[] labels = new float[n];
                for (int i = 0; i < n; i++) {
                    xy[2 * i] = 20 + 30 * i;
                    xy[2 * i + 1] = 90 - 20 * i;
                    labels[i] = i % 2 == 0 ? 1 : 0;
                }
                InferenceEngine.Decoded clicked = clicks.decode(target, prompt, new Tensor(xy, new long[] {n, 1, 2}),
                        new Tensor(labels, new long[] {n, 1}));
                assertFalse(Arrays.equals(a.logits().data(), clicked.logits().data()), "a click changes the logits");
            }
        }
    }

    @Test
    void aDecoderWithoutClicksRefusesPointsSayingSo() throws Exception {
        try (InferenceEngine base = open(TinyModel.copyClicksBaseTo(tmp))) {
            ModelSpec spec = base.model().spec();
            Random r = new Random(3);
            ImageEmbedding target = new ImageEmbedding(
                    random(r, 1, spec.embeddingChannels(), spec.embeddingSize(), spec.embeddingSize()),
                    random(r, 1, spec.hrFeatures().channels(), spec.hrFeatures().size(), spec.hrFeatures().size()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> base.decode(target,
                    random(r, 1, spec.promptTokens(), spec.embeddingChannels()),
                    new Tensor(new float[] {5, 5}, new long[] {1, 1, 2}), new Tensor(new float[] {1}, new long[] {1, 1})));
            assertTrue(e.getMessage().contains("takes no clicks"), e.getMessage());
        }
    }

    @Test
    void aClickDecoderInThePlainDecodersPlaceIsRefusedSayingWhereItBelongs() throws Exception {
        Path model = TinyModel.copyClicksTo(tmp);
        TinyModel.replaceKeepingManifestValid(model, "mask_decoder.onnx",
                java.nio.file.Files.readAllBytes(model.resolve("click_decoder.onnx")));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> open(model));
        assertTrue(e.getMessage().contains("click_decoder.onnx") && e.getMessage().contains("mask_decoder.onnx"),
                e.getMessage());
    }
}
