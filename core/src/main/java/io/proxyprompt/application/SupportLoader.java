package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link SupportSet} from files: support images and, for each, one mask file (PNG or DICOM SEG) per object. */
public final class SupportLoader {

    /** One support image and its mask files by object name, in the order the objects were named. */
    public record PairFiles(Path image, Map<String, Path> masks) {
        public PairFiles {
            masks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        }
    }

    private final Images images;

    public SupportLoader(Images images) {
        this.images = images;
    }

    /**
     * Loads every pair.
     *
     * @throws ImageLoadException      a support image cannot be opened (the message names it)
     * @throws IOException             a mask cannot be read or does not fit its image (the message names it)
     * @throws InvalidSupportException the pairs do not form a support set (e.g. different objects)
     */
    public SupportSet load(List<PairFiles> pairs) throws ImageLoadException, IOException {
        List<SupportPair> loaded = new ArrayList<>();
        for (PairFiles p : pairs) {
            if (p.masks().isEmpty()) {
                throw new InvalidSupportException("Support " + p.image().getFileName() + ": no mask follows it");
            }
            Frame image = images.openFrame(p.image());
            List<ObjectMask> masks = new ArrayList<>();
            for (Map.Entry<String, Path> m : p.masks().entrySet()) {
                masks.add(new ObjectMask(m.getKey(), SupportMasks.load(m.getValue(), m.getKey(), image),
                        m.getValue().getFileName().toString()));
            }
            loaded.add(new SupportPair(p.image().getFileName().toString(), image, masks));
        }
        return new SupportSet(loaded);
    }
}
