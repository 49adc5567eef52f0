package io.proxyprompt.quality;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.segment.SegmentOptions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What is known of the anatomy, applied to results and to measurements: a single-region object (optic disc, optic
 * cup) keeps its main piece with its holes filled, and a nested object (the cup) lies inside its container (the disc).
 * On by default; Preferences can turn them off, and then masks are used as drawn.
 *
 * @param singleRegion objects that are one solid region
 * @param inside       object -> the object it lies inside
 */
public record AnatomicalRules(Set<String> singleRegion, Map<String, String> inside) {

    public AnatomicalRules {
        singleRegion = Set.copyOf(singleRegion);
        inside = Map.copyOf(inside);
    }

    /** Disc and cup are single regions; the cup lies inside the disc. */
    public static AnatomicalRules defaults() {
        return new AnatomicalRules(Set.of("disc", "cup"), Map.of("cup", "disc"));
    }

    /** No rules: masks are used exactly as drawn or predicted. */
    public static AnatomicalRules none() {
        return new AnatomicalRules(Set.of(), Map.of());
    }

    /** The rules on ({@link #defaults()}) or off ({@link #none()}). */
    public static AnatomicalRules enabled(boolean on) {
        return on ? defaults() : none();
    }

    /** How the segmenter cleans its output under these rules (threshold as a logit). */
    public SegmentOptions segmentOptions(float threshold) {
        SegmentOptions d = SegmentOptions.defaults();
        return new SegmentOptions(threshold, singleRegion, d.minComponentFraction(), inside);
    }

    /** The masks with the rules applied (new masks; the inputs are not changed). */
    public Map<String, Mask> apply(Map<String, Mask> masks) {
        Map<String, Mask> out = new LinkedHashMap<>();
        masks.forEach((object, mask) -> {
            boolean nestedLater = inside.containsKey(object) && masks.containsKey(inside.get(object));
            out.put(object, singleRegion.contains(object) && !mask.isEmpty() && !nestedLater
                    ? MaskOps.largestFilledRegion(mask, null) : mask);
        });
        inside.forEach((inner, outer) -> {
            Mask in = masks.get(inner);
            Mask container = out.get(outer);
            if (in != null && container != null) {
                out.put(inner, singleRegion.contains(inner) && !in.isEmpty()
                        ? MaskOps.largestFilledRegion(in, container) : MaskOps.keepInside(in, container));
            }
        });
        return out;
    }
}
