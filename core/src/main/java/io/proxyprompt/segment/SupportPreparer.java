package io.proxyprompt.segment;

import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.inference.InferenceEngine;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.Tensor;
import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.preprocess.Preprocessor;
import io.proxyprompt.common.Sha256;
import io.proxyprompt.progress.CancellationToken;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import io.proxyprompt.image.Frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Turns a support set into what the per-target graphs need (support embeddings + object features), reusing cached
 * embeddings and features so a changed mask costs one support-encoder run.
 */
final class SupportPreparer {

    private final InferenceEngine engine;

    SupportPreparer(InferenceEngine engine) {
        this.engine = engine;
    }

    /**
     * A support image kept prepared and encoded while it is in use, so mask edits never re-encode it. Only the
     * embedding is pinned: no graph takes a support's high-resolution features (they stay in the engine's cache).
     */
    private record Pinned(PreparedImage image, Tensor embedding) { }

    private Map<String, Pinned> pinned = Map.of();

    synchronized EncodedSupport prepare(SupportSet set, CancellationToken cancel) throws InferenceException {
        long t0 = System.nanoTime();
        Preprocessor pre = engine.preprocessor();
        List<PreparedImage> images = new ArrayList<>();
        List<Tensor> embeddings = new ArrayList<>();
        Map<String, Pinned> nowPinned = new HashMap<>();
        MessageDigest key = Sha256.digest();
        for (SupportPair pair : set.pairs()) {
            cancel.throwIfCancelled();
            Frame f = pair.image();
            byte[] rgb = FrameRenderer.rgb8View(f);
            String contentKey = Preprocessor.contentKey(f, rgb);
            Pinned p = pinned.get(contentKey);
            if (p == null) {
                PreparedImage image = pre.prepareRgb(rgb, f.width(), f.height(), contentKey);
                p = new Pinned(image, engine.embed(image).embedding());
            }
            nowPinned.put(contentKey, p);
            images.add(p.image());
            embeddings.add(p.embedding());
            key.update(contentKey.getBytes(StandardCharsets.US_ASCII));
            for (ObjectMask om : pair.masks()) {
                key.update(om.name().getBytes(StandardCharsets.UTF_8));
                key.update(ByteBuffer.allocate(8).putInt(om.mask().width()).putInt(om.mask().height()).array());
                updateWithRuns(key, om.mask());
            }
        }
        pinned = nowPinned;
        cancel.throwIfCancelled();
        String supportKey = Sha256.hex(key);
        Tensor features = engine.cachedSupportFeatures(supportKey);
        if (features == null) {
            // the masks are fitted into the model's input only when the support encoder has to run
            List<List<float[]>> masks = new ArrayList<>();
            for (SupportPair pair : set.pairs()) {
                List<float[]> objectMasks = new ArrayList<>();
                for (ObjectMask om : pair.masks()) {
                    objectMasks.add(pre.prepareMask(om.mask()));
                }
                masks.add(objectMasks);
            }
            features = engine.supportFeatures(supportKey, embeddings, images, masks);
        }
        return new EncodedSupport(set.objectNames(), supportKey, embeddings, features, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * Adds the mask's inside pixels to the key as runs (start, length): exactly what the model sees of it (inside is
     * any non-zero byte), and a few kilobytes to hash instead of the whole image, which matters where the JIT has no
     * SHA-256 intrinsic (the workstation runs C1 only, where hashing 2 MB took 17-90 ms).
     */
    static void updateWithRuns(MessageDigest key, io.proxyprompt.mask.Mask mask) {
        ByteBuffer runs = ByteBuffer.allocate(8 << 10);
        mask.forEachRun((start, length) -> {
            if (runs.remaining() < 8) {
                key.update(runs.array(), 0, runs.position());
                runs.clear();
            }
            runs.putInt(start).putInt(length);
        });
        key.update(runs.array(), 0, runs.position());
    }
}
