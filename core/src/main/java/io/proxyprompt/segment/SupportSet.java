package io.proxyprompt.segment;

import java.util.List;

/** K support pairs that all name the same objects in the same order: the task the segmenter follows. */
public record SupportSet(List<SupportPair> pairs) {

    public SupportSet {
        pairs = List.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new InvalidSupportException("No support image; give at least one --support IMG with its masks");
        }
        List<String> names = pairs.get(0).objectNames();
        for (SupportPair p : pairs) {
            if (!p.objectNames().equals(names)) {
                throw new InvalidSupportException("Support " + p.name() + " names objects " + p.objectNames()
                        + " but " + pairs.get(0).name() + " names " + names
                        + "; every support must name the same objects in the same order");
            }
        }
    }

    /** A single-pair set. */
    public static SupportSet of(SupportPair pair) {
        return new SupportSet(List.of(pair));
    }

    /** Object names in order; index + 1 is the object's label value. */
    public List<String> objectNames() {
        return pairs.get(0).objectNames();
    }

    public int size() {
        return pairs.size();
    }
}
