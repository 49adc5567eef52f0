package io.proxyprompt.session;

import io.proxyprompt.mask.Mask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named support set being built in the workspace ("Disc + cup", "Vessels"): the objects it segments and its
 * support pairs (image + one mask per object).
 */
public final class SupportSetEntry {

    /** One support image with its masks, keyed by object name. */
    public static final class Pair {
        private final String id;
        private final Path image;
        private final int frame;
        private final Map<String, Mask> masks = new LinkedHashMap<>();
        private final Map<String, java.util.List<io.proxyprompt.segment.Click>> clicks = new LinkedHashMap<>();
        private final io.proxyprompt.edit.MaskHistory history =
                new io.proxyprompt.edit.MaskHistory(TargetEntry.HISTORY_STEPS, 128L << 20);
        private long savedHistory;

        public Pair(String id, Path image, int frame) {
            this.id = Objects.requireNonNull(id);
            this.image = Objects.requireNonNull(image);
            this.frame = frame;
        }

        /** Every object's clicks on this support image (saved with the workspace). */
        public Map<String, java.util.List<io.proxyprompt.segment.Click>> allClicks() {
            return java.util.Collections.unmodifiableMap(clicks);
        }

        /** The clicks that redrew an object's mask on this support image, oldest first (empty when none). */
        public java.util.List<io.proxyprompt.segment.Click> clicks(String object) {
            return clicks.getOrDefault(object, java.util.List.of());
        }

        public void setClicks(String object, java.util.List<io.proxyprompt.segment.Click> list) {
            if (list.isEmpty()) {
                clicks.remove(object);
            } else {
                clicks.put(object, java.util.List.copyOf(list));
            }
        }

        public String id() {
            return id;
        }

        public Path image() {
            return image;
        }

        public int frame() {
            return frame;
        }

        public Mask mask(String object) {
            return masks.get(object);
        }

        public void putMask(String object, Mask mask) {
            masks.put(object, Objects.requireNonNull(mask));
        }

        public void removeMask(String object) {
            masks.remove(object);
        }

        public Map<String, Mask> masks() {
            return Collections.unmodifiableMap(masks);
        }

        /** The undo history of the masks drawn on this image (layers named by object), saved with the workspace. */
        public io.proxyprompt.edit.MaskHistory history() {
            return history;
        }

        /** The history to save when it changed since the last snapshot, else null. */
        io.proxyprompt.edit.MaskHistory.State takeHistoryChange() {
            if (history.revision() == savedHistory) {
                return null;
            }
            savedHistory = history.revision();
            return history.state(TargetEntry.HISTORY_STEPS, TargetEntry.SAVED_HISTORY_BYTES);
        }

        void historySaved() {
            savedHistory = history.revision();
        }
    }

    private final String id;
    private String name;
    private final List<ObjectSpec> objects = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private boolean dirty = true;

    public SupportSetEntry(String id, String name) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void rename(String name) {
        this.name = Objects.requireNonNull(name);
        dirty = true;
    }

    public List<ObjectSpec> objects() {
        return Collections.unmodifiableList(objects);
    }

    /** Adds the object, or replaces the colour of an object of the same name. */
    public void putObject(ObjectSpec object) {
        objects.removeIf(o -> o.name().equals(object.name()));
        objects.add(object);
        dirty = true;
    }

    public void removeObject(String name) {
        objects.removeIf(o -> o.name().equals(name));
        pairs.forEach(p -> p.removeMask(name));
        dirty = true;
    }

    public List<Pair> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    public void addPair(Pair pair) {
        pairs.add(pair);
        dirty = true;
    }

    public void removePair(Pair pair) {
        pairs.remove(pair);
        dirty = true;
    }

    /** True when every pair has a non-empty mask for every object, so the set can be run. */
    public boolean isComplete() {
        return !objects.isEmpty() && !pairs.isEmpty() && pairs.stream().allMatch(p -> objects.stream()
                .allMatch(o -> p.mask(o.name()) != null && !p.mask(o.name()).isEmpty()));
    }

    /** What is missing before the set can run, for a tooltip; empty when complete. */
    public String missing() {
        if (objects.isEmpty()) {
            return "Add at least one object (e.g. optic disc) to the support set";
        }
        if (pairs.isEmpty()) {
            return "Add a support image to the support set";
        }
        for (Pair p : pairs) {
            for (ObjectSpec o : objects) {
                if (p.mask(o.name()) == null || p.mask(o.name()).isEmpty()) {
                    return "Draw or load the " + o.label().toLowerCase(java.util.Locale.ROOT) + " mask on "
                            + p.image().getFileName();
                }
            }
        }
        return "";
    }

    /**
     * A short fingerprint of what a run with this set depends on: its objects, its images and frames and every mask
     * (not the name or the colours). Results made with another fingerprint are out of date.
     */
    public String fingerprint() {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.util.function.Consumer<String> text = t -> crc.update(t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        text.accept(id);
        for (ObjectSpec o : objects) {
            text.accept("|o:" + o.name());
        }
        for (Pair p : pairs) {
            text.accept("|p:" + p.id() + ":" + p.image() + ":" + p.frame());
            for (ObjectSpec o : objects) {
                Mask m = p.mask(o.name());
                text.accept("|m:" + o.name() + ":" + (m == null ? "-" : m.width() + "x" + m.height()));
                if (m != null) {
                    crc.update(m.data());
                }
            }
        }
        return String.format("%08x", crc.getValue());
    }

    public void markDirty() {
        dirty = true;
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
