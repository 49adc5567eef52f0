package io.proxyprompt.segment;

import io.proxyprompt.inference.InferenceEngine;

/**
 * What the graphs made of one target, before the logits become masks.
 *
 * @param decoded the mask decoder's logits and predicted IoU per object
 * @param timings the stage times so far (post-processing still 0)
 */
public record TargetLogits(PreparedTarget target, EncodedSupport support, InferenceEngine.Decoded decoded,
                           SegmentationResult.Timings timings) {
}
