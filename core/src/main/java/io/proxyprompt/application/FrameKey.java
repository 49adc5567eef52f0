package io.proxyprompt.application;

/**
 * One frame of one target in a batch.
 *
 * @param targetId the {@link BatchTarget#id()}
 * @param frame    0-based frame index within the target
 */
public record FrameKey(String targetId, int frame) {
}
