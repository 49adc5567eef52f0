package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.preprocess.Geometry;
import io.proxyprompt.preprocess.PreparedImage;

/**
 * A target frame made ready for the graphs (on any thread, ahead of them): its content key and, unless its
 * embedding was already cached, the model input.
 *
 * @param contentKey   the frame's content hash (the embedding cache key)
 * @param input        the normalised model input, or {@code null} when the embedding was cached at preparation
 * @param preprocessMs time spent rendering, hashing and fitting the frame
 */
public record PreparedTarget(Frame frame, String contentKey, PreparedImage input, Geometry geometry,
                             double preprocessMs) {
}
