package io.proxyprompt.segment;

import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.inference.InferenceEngine;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.inference.Tensor;
import io.proxyprompt.preprocess.PreparedImage;
import io.proxyprompt.preprocess.Preprocessor;
import io.proxyprompt.progress.CancellationToken;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
     * The encoded support.
     *
     * @param supportMs time spent encoding now (0 when everything came from the caches)
     */
    record Prepared(List<Tensor> embeddings, Tensor features, double supportMs) { }

    Prepared prepare(SupportSet set, CancellationToken cancel) throws InferenceException {
        long t0 = System.nanoTime();
        Preprocessor pre = engine.preprocessor();
        List<PreparedImage> images = new ArrayList<>();
        List<Tensor> embeddings = new ArrayList<>();
        List<List<float[]>> masks = new ArrayList<>();
        MessageDigest key = sha256();
        for (SupportPair pair : set.pairs()) {
            cancel.throwIfCancelled();
            byte[] rgb = FrameRenderer.toRgb8(pair.image());
            PreparedImage image = pre.prepareRgb(rgb, pair.image().width(), pair.image().height());
            images.add(image);
            embeddings.add(engine.embed(image));
            key.update(image.contentKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            List<float[]> objectMasks = new ArrayList<>();
            for (ObjectMask om : pair.masks()) {
                objectMasks.add(pre.prepareMask(om.mask()));
                key.update(om.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                key.update(ByteBuffer.allocate(8).putInt(om.mask().width()).putInt(om.mask().height()).array());
                key.update(om.mask().data());
            }
            masks.add(objectMasks);
        }
        cancel.throwIfCancelled();
        String supportKey = HexFormat.of().formatHex(key.digest());
        Tensor features = engine.supportFeatures(supportKey, embeddings, images, masks);
        return new Prepared(List.copyOf(embeddings), features, (System.nanoTime() - t0) / 1e6);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
