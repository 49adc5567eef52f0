package io.proxyprompt.inference;

import io.proxyprompt.preprocess.Normalization;

import java.util.Map;

/**
 * What {@code model.json} says about a model: sizes of the contract's tensors, normalisation, limits, files.
 *
 * @param inputSize         S, the square input side
 * @param embeddingChannels C
 * @param embeddingSize     h = S/(16*encoderDownsample), the embedding grid side
 * @param promptTokens      T, proxy prompt tokens per object
 * @param maskSize          the logits side: 4*h, or S/2 for a model with {@link #hrFeatures()}
 * @param maxObjects        most objects (N) per support set
 * @param files             graph or weights key -> file name and expected sha256
 * @param provenance        how and on what it was trained (free text for the About box)
 * @param metrics           measured results as model.json reports them (free form)
 * @param encoderDownsample how much the graphs pool the input before the ViT and Vim (1 = not at all)
 * @param hrFeatures        the high-resolution feature map the image encoder also returns and the mask decoder
 *                          takes, or {@code null} for a model of the original four-graph contract
 */
public record ModelSpec(String name, String version, int inputSize, int embeddingChannels, int embeddingSize,
                        int promptTokens, int maskSize, Normalization normalization, int maxObjects, int opset,
                        Map<String, FileRef> files, String provenance, Map<String, Object> metrics,
                        int encoderDownsample, HrFeatures hrFeatures) {

    public ModelSpec {
        files = Map.copyOf(files);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (encoderDownsample < 1) {
            throw new IllegalArgumentException("encoder_downsample must be at least 1");
        }
    }

    /** A model of the original contract: no encoder downsampling and no high-resolution features. */
    public ModelSpec(String name, String version, int inputSize, int embeddingChannels, int embeddingSize,
                     int promptTokens, int maskSize, Normalization normalization, int maxObjects, int opset,
                     Map<String, FileRef> files, String provenance, Map<String, Object> metrics) {
        this(name, version, inputSize, embeddingChannels, embeddingSize, promptTokens, maskSize, normalization,
                maxObjects, opset, files, provenance, metrics, 1, null);
    }

    /** Whether the image encoder returns {@code hr_features} and the mask decoder takes {@code target_hr_features}. */
    public boolean hasHrFeatures() {
        return hrFeatures != null;
    }

    /** A file of the model folder and the digest it must have. */
    public record FileRef(String path, String sha256) { }

    /**
     * The high-resolution features of the extended contract, {@code [B, channels, size, size]} with size = S/2.
     *
     * @param channels feature channels
     * @param size     the square side, S/2
     */
    public record HrFeatures(int channels, int size) { }
}
