package io.proxyprompt.application;

/**
 * What a batch did, counted in targets (a series or multi-frame object is one target) and frames.
 *
 * @param targets   targets given
 * @param done      targets segmented completely
 * @param frames    frames segmented
 * @param failed    targets that failed
 * @param cancelled whether the batch stopped early on request
 */
public record BatchSummary(int targets, int done, int frames, int failed, boolean cancelled, double seconds) {
}
