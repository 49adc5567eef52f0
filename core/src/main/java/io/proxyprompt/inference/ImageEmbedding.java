package io.proxyprompt.inference;

/**
 * What the image encoder makes of one image, cached per image: the {@code [1,C,h,h]} embedding and, for a model
 * whose model.json declares {@code hr_features}, the {@code [1,hr,S/2,S/2]} high-resolution features.
 *
 * @param embedding  the embedding every later graph takes
 * @param hrFeatures the high-resolution features the mask decoder takes for a target, or {@code null}
 */
public record ImageEmbedding(Tensor embedding, Tensor hrFeatures) {

    public ImageEmbedding {
        if (embedding == null) {
            throw new IllegalArgumentException("an image embedding needs its embedding tensor");
        }
    }

    /** Whether the high-resolution features are present. */
    public boolean hasHrFeatures() {
        return hrFeatures != null;
    }

    /** Heap bytes of both tensors, for the embedding cache's cap. */
    public long bytes() {
        return embedding.bytes() + (hrFeatures == null ? 0 : hrFeatures.bytes());
    }
}
