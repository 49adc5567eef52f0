package io.proxyprompt.inference;

import io.proxyprompt.preprocess.Normalization;

import java.util.Map;

/**
 * What {@code model.json} says about a model: sizes of the contract's tensors, normalisation, limits, files.
 *
 * @param inputSize         S, the square input side
 * @param embeddingChannels C
 * @param embeddingSize     S/16, the embedding grid side
 * @param promptTokens      T, proxy prompt tokens per object
 * @param maskSize          S/4, the low-resolution logits side
 * @param maxObjects        most objects (N) per support set
 * @param files             graph or weights key -> file name and expected sha256
 * @param provenance        how and on what it was trained (free text for the About box)
 * @param metrics           measured results as model.json reports them (free form)
 */
public record ModelSpec(String name, String version, int inputSize, int embeddingChannels, int embeddingSize,
                        int promptTokens, int maskSize, Normalization normalization, int maxObjects, int opset,
                        Map<String, FileRef> files, String provenance, Map<String, Object> metrics) {

    public ModelSpec {
        files = Map.copyOf(files);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A file of the model folder and the digest it must have. */
    public record FileRef(String path, String sha256) { }
}
