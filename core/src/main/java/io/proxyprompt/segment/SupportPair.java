package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One support image with its object masks. Every mask must be the image's size and non-empty; names unique.
 *
 * @param name  what the user sees (usually the image's file stem)
 * @param image the support photograph or DICOM frame
 * @param masks one mask per object, in the support set's object order
 */
public record SupportPair(String name, Frame image, List<ObjectMask> masks) {

    public SupportPair {
        masks = List.copyOf(masks);
        if (masks.isEmpty()) {
            throw new InvalidSupportException("Support " + name + ": no object mask; add at least one NAME=MASK");
        }
        Set<String> seen = new HashSet<>();
        for (ObjectMask m : masks) {
            if (!seen.add(m.name())) {
                throw new InvalidSupportException("Support " + name + ": object '" + m.name() + "' is given twice");
            }
            if (!m.mask().sameSize(image.width(), image.height())) {
                throw new InvalidSupportException("Support " + name + ": mask '" + m.name() + "' (" + m.source()
                        + ") is " + m.mask().width() + "x" + m.mask().height() + " but the image is " + image.width()
                        + "x" + image.height() + "; use a mask the same size as its support image");
            }
            if (m.mask().isEmpty()) {
                throw new InvalidSupportException("Support " + name + ": mask '" + m.name() + "' (" + m.source()
                        + ") is empty; draw or load the object on the support image");
            }
        }
    }

    public List<String> objectNames() {
        return masks.stream().map(ObjectMask::name).toList();
    }

    /** The same image with one object's mask replaced (switching or correcting the object). */
    public SupportPair withMask(ObjectMask replacement) {
        List<ObjectMask> next = masks.stream()
                .map(m -> m.name().equals(replacement.name()) ? replacement : m).toList();
        if (!next.contains(replacement)) {
            throw new InvalidSupportException("Support " + name + " has no object '" + replacement.name() + "'");
        }
        return new SupportPair(name, image, next);
    }
}
