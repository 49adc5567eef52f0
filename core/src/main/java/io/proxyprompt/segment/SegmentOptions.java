package io.proxyprompt.segment;

import java.util.Map;
import java.util.Set;

/**
 * How logits become masks.
 *
 * @param threshold            logit threshold (0 = probability 0.5)
 * @param fillHolesIn          objects whose interior holes are filled (solid structures such as disc and cup,
 *                             never vessels, whose loops enclose background)
 * @param minComponentFraction connected components smaller than this fraction of the image are dropped (0 = keep)
 * @param keepInside           object -> container: the object is clipped to its container (cup inside disc)
 */
public record SegmentOptions(float threshold, Set<String> fillHolesIn, double minComponentFraction,
                             Map<String, String> keepInside) {

    public SegmentOptions {
        fillHolesIn = Set.copyOf(fillHolesIn);
        keepInside = Map.copyOf(keepInside);
        if (minComponentFraction < 0 || minComponentFraction >= 1) {
            throw new IllegalArgumentException("minComponentFraction must be in [0,1)");
        }
    }

    /** Threshold 0, fill holes in disc and cup, drop specks under 0.01% of the image, keep cup inside disc. */
    public static SegmentOptions defaults() {
        return new SegmentOptions(0f, Set.of("disc", "cup"), 0.0001, Map.of("cup", "disc"));
    }

    /** The raw thresholded logits, no clean-up (for parity and evaluation of the bare model). */
    public static SegmentOptions raw() {
        return new SegmentOptions(0f, Set.of(), 0, Map.of());
    }
}
