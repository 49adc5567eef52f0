package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
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

    /**
     * One support image and its mask files by object name, in the order the objects were named.
     *
     * @param frame 0-based frame of a multi-frame image or series that is the support (0 for a photograph)
     */
    public record PairFiles(Path image, int frame, Map<String, Path> masks) {
        public PairFiles {
            if (frame < 0) {
                throw new IllegalArgumentException("frame must be 0 or more, not " + frame);
            }
            masks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        }

        /** The first (or only) frame of {@code image}. */
        public PairFiles(Path image, Map<String, Path> masks) {
            this(image, 0, masks);
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
            Frame image = p.frame() == 0 ? images.openFrame(p.image()) : frame(p);
            List<ObjectMask> masks = new ArrayList<>();
            for (Map.Entry<String, Path> m : p.masks().entrySet()) {
                masks.add(new ObjectMask(m.getKey(), SupportMasks.load(m.getValue(), m.getKey(), image),
                        m.getValue().getFileName().toString()));
            }
            loaded.add(new SupportPair(p.image().getFileName().toString(), image, masks));
        }
        return new SupportSet(loaded);
    }

    private Frame frame(PairFiles p) throws ImageLoadException {
        List<Frame> frames = images.open(p.image(), ProgressListener.NONE, CancellationToken.never()).stream()
                .flatMap(s -> s.frames().stream()).toList();
        if (p.frame() >= frames.size()) {
            throw new ImageLoadException(p.image(), "has " + frames.size() + " frame(s), so frame " + (p.frame() + 1)
                    + " cannot be the support; pick a frame it has");
        }
        return frames.get(p.frame());
    }
}
