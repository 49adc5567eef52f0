package io.proxyprompt.segment;

import io.proxyprompt.inference.Tensor;

import java.util.List;

/**
 * A support set as the per-target graphs take it: the support images' embeddings and the object features, encoded
 * once per batch (or served from the caches).
 *
 * @param objects    the object names, in the order the graphs see them
 * @param key        the support set's content key (images and masks), part of the proxy prompt cache key
 * @param supportMs  time spent encoding now (0 when everything came from the caches)
 */
public record EncodedSupport(List<String> objects, String key, List<Tensor> embeddings, Tensor features, double supportMs) {

    public EncodedSupport {
        objects = List.copyOf(objects);
        embeddings = List.copyOf(embeddings);
    }
}
