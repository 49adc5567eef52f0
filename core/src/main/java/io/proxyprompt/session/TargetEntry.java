package io.proxyprompt.session;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.QcFlag;
import io.proxyprompt.quality.QualityReport;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One opened target in the workspace: its source, status, review flag and its masks, one per object and frame
 * ({@link Layer}), with the model's confidence and the quality flags of each, and its own undo history. Owned and
 * changed by one thread (the UI's). A workspace opened lazily leaves the saved masks and history on disk until they
 * are first needed ({@link #savedMasks()}, read off that thread and handed in with {@link #accept}, or read on the
 * spot by any method that needs them).
 */
public final class TargetEntry {

    /** Reads a target's saved masks and undo history (safe on any thread: it only reads files). */
    @FunctionalInterface
    public interface SavedMasks {
        Saved read();
    }

    /**
     * What was read: the masks, the undo history (null when there is none or it does not fit the masks) and what
     * could not be read, in words for the user.
     */
    public record Saved(Map<Layer, Mask> masks, MaskHistory.State history, List<String> problems) {
    }

    /** Undo steps kept per target (and saved with the workspace, within {@link #SAVED_HISTORY_BYTES}). */
    public static final int HISTORY_STEPS = 50;

    /** Mask bytes of undo steps saved per target at most; older steps are left out of the saved history. */
    public static final long SAVED_HISTORY_BYTES = 64L << 20;

    private final String id;
    private final Path source;
    private final String name;
    private final Map<Layer, Mask> masks = new LinkedHashMap<>();
    private final Map<Layer, Float> predictedIou = new LinkedHashMap<>();
    private final Map<Layer, java.util.List<io.proxyprompt.segment.Click>> clicks = new LinkedHashMap<>();
    private final Map<Layer, Set<QcFlag>> flags = new LinkedHashMap<>();
    private final MaskHistory history = new MaskHistory(HISTORY_STEPS, 256L << 20);
    private final Map<String, String> madeWith = new java.util.TreeMap<>();
    private long savedHistory;
    private TargetStatus status = TargetStatus.NOT_RUN;
    private boolean reviewed;
    private boolean stale;
    private String problem;
    private boolean dirty;
    private final Set<String> editedObjects = new TreeSet<>();
    private SavedMasks unread;
    private Set<Layer> unreadLayers = Set.of();
    private final List<String> readProblems = new java.util.ArrayList<>();

    public TargetEntry(String id, Path source, String name) {
        this.id = Objects.requireNonNull(id);
        this.source = Objects.requireNonNull(source);
        this.name = Objects.requireNonNull(name);
    }

    public String id() {
        return id;
    }

    public Path source() {
        return source;
    }

    public String name() {
        return name;
    }

    public TargetStatus status() {
        return status;
    }

    public void setStatus(TargetStatus status) {
        this.status = Objects.requireNonNull(status);
        dirty = true;
    }

    public boolean reviewed() {
        return reviewed;
    }

    public void setReviewed(boolean reviewed) {
        this.reviewed = reviewed;
        dirty = true;
    }

    /** Whether the support set changed after this target's masks were made (they may no longer match it). */
    public boolean stale() {
        return stale;
    }

    public void setStale(boolean stale) {
        if (this.stale != stale) {
            this.stale = stale;
            dirty = true;
        }
    }

    /** Per object, the fingerprint of the support set its mask was last segmented with ({@link SupportSetEntry#fingerprint()}). */
    public Map<String, String> madeWith() {
        return Collections.unmodifiableMap(madeWith);
    }

    /** Records that a run made the object's mask with the support set of this fingerprint. */
    public void setMadeWith(String object, String fingerprint) {
        madeWith.put(object, fingerprint);
        dirty = true;
    }

    /**
     * Whether the results shown for {@code set} are out of date: the target was segmented, but not every object of
     * the set was segmented with the set as it is now (its masks, objects or images changed, or another set made
     * them). A target never segmented is not out of date; it is "not run".
     */
    public boolean outOfDateFor(SupportSetEntry set) {
        return set != null && outOfDateFor(set, set.fingerprint());
    }

    /**
     * As {@link #outOfDateFor(SupportSetEntry)}, where results are current when made with {@code fingerprint}
     * ({@link Workspace#resultFingerprint}: the set's, and the model's when an adapted one is in use).
     */
    public boolean outOfDateFor(SupportSetEntry set, String fingerprint) {
        if (madeWith.isEmpty() || set == null || set.objects().isEmpty()) {
            return false;
        }
        return set.objects().stream().anyMatch(o -> !fingerprint.equals(madeWith.get(o.name())));
    }

    /** Why the last run failed (for the user), or null. */
    public String problem() {
        return problem;
    }

    public void setProblem(String problem) {
        this.problem = problem;
        dirty = true;
    }

    /** The mask of a layer, or null when none exists yet. */
    public Mask mask(Layer layer) {
        readIfUnread();
        return masks.get(layer);
    }

    /** Replaces (or adds) the mask of a layer, e.g. with a segmentation result. */
    public void putMask(Layer layer, Mask mask) {
        readIfUnread();
        masks.put(layer, Objects.requireNonNull(mask));
        dirty = true;
    }

    /** The mask of a layer, created empty at the given size when missing. */
    public Mask maskOrEmpty(Layer layer, int width, int height) {
        readIfUnread();
        return masks.computeIfAbsent(layer, k -> {
            dirty = true;
            return new Mask(width, height);
        });
    }

    public Map<Layer, Mask> masks() {
        readIfUnread();
        return Collections.unmodifiableMap(masks);
    }

    /** The masks of one frame by object name, in the order they were added. */
    public Map<String, Mask> masksOf(int frame) {
        readIfUnread();
        Map<String, Mask> out = new LinkedHashMap<>();
        masks.forEach((l, m) -> {
            if (l.frame() == frame) {
                out.put(l.object(), m);
            }
        });
        return out;
    }

    /** The clicks that redrew a layer (issue 21), oldest first; empty when none. */
    public java.util.List<io.proxyprompt.segment.Click> clicks(Layer layer) {
        return clicks.getOrDefault(layer, java.util.List.of());
    }

    /** Replaces a layer's clicks (an empty list removes them). */
    public void setClicks(Layer layer, java.util.List<io.proxyprompt.segment.Click> list) {
        if (list.isEmpty()) {
            clicks.remove(layer);
        } else {
            clicks.put(layer, java.util.List.copyOf(list));
        }
        dirty = true;
    }

    /** Every layer's clicks. */
    public Map<Layer, java.util.List<io.proxyprompt.segment.Click>> allClicks() {
        return Collections.unmodifiableMap(clicks);
    }

    /** The decoder's confidence for a layer the model made, or null (drawn, or made before this was kept). */
    public Float predictedIou(Layer layer) {
        return predictedIou.get(layer);
    }

    public void setPredictedIou(Layer layer, Float iou) {
        if (iou == null) {
            predictedIou.remove(layer);
        } else {
            predictedIou.put(layer, iou);
        }
        dirty = true;
    }

    /** The quality flags of a layer (empty when none). */
    public Set<QcFlag> flags(Layer layer) {
        return Collections.unmodifiableSet(flags.getOrDefault(layer, Set.of()));
    }

    /** Replaces the flags of every object of one frame with those of {@code report}. */
    public void setQuality(int frame, QualityReport report) {
        flags.keySet().removeIf(l -> l.frame() == frame);
        report.flags().forEach((object, f) -> flags.put(new Layer(object, frame), EnumSet.copyOf(f)));
        dirty = true;
    }

    /** Sets one layer's flags (used when a workspace is read back). */
    public void setFlags(Layer layer, Set<QcFlag> f) {
        if (f.isEmpty()) {
            flags.remove(layer);
        } else {
            flags.put(layer, EnumSet.copyOf(f));
        }
        dirty = true;
    }

    /** The quality report of one frame. */
    public QualityReport quality(int frame) {
        Map<String, List<QcFlag>> m = new LinkedHashMap<>();
        flags.forEach((l, f) -> {
            if (l.frame() == frame) {
                m.put(l.object(), List.copyOf(f));
            }
        });
        return new QualityReport(m);
    }

    /** The quality report over every frame. */
    public QualityReport quality() {
        QualityReport all = QualityReport.CLEAN;
        for (Integer frame : flags.keySet().stream().map(Layer::frame).distinct().toList()) {
            all = all.merge(quality(frame));
        }
        return all;
    }

    /** Objects whose mask was corrected by hand since it was segmented (SEMIAUTOMATIC in DICOM SEG). */
    public Set<String> editedObjects() {
        return Collections.unmodifiableSet(editedObjects);
    }

    /** Whether a clinician corrected or accepted this target: a new run must not replace it unasked. */
    public boolean hasClinicianWork() {
        return reviewed || !editedObjects.isEmpty();
    }

    public void markEdited(String object) {
        editedObjects.add(object);
        dirty = true;
    }

    /** Forgets hand edits of an object (a new run replaced its mask). */
    public void clearEdited(String object) {
        editedObjects.remove(object);
        dirty = true;
    }

    public MaskHistory history() {
        readIfUnread();
        return history;
    }

    /** The layers that have a mask, without reading masks still on disk. */
    public Set<Layer> layers() {
        Set<Layer> out = new java.util.LinkedHashSet<>(masks.keySet());
        out.addAll(unreadLayers);
        return out;
    }

    /** Whether the masks are in memory (false while a lazily opened workspace still has them on disk). */
    public boolean masksRead() {
        return unread == null;
    }

    /** The reader of the masks still on disk, to run off the UI thread and hand to {@link #accept}; empty if read. */
    public Optional<SavedMasks> savedMasks() {
        return Optional.ofNullable(unread);
    }

    /**
     * Takes the masks and history read for this target (nothing when they were taken meanwhile); returns what could
     * not be read, for the user.
     */
    public List<String> accept(Saved saved) {
        if (unread == null) {
            return List.of();
        }
        unread = null;
        unreadLayers = Set.of();
        saved.masks().forEach(masks::putIfAbsent);
        if (saved.history() != null && history.revision() == 0) {
            history.restore(saved.history());
        }
        savedHistory = history.revision();
        return saved.problems();
    }

    /** What could not be read when the masks were read on the spot (taken once, for the user). */
    public List<String> takeReadProblems() {
        List<String> out = List.copyOf(readProblems);
        readProblems.clear();
        return out;
    }

    /** Leaves the saved masks of these layers on disk until needed (a workspace opened lazily). */
    void readLater(Set<Layer> layers, SavedMasks reader) {
        unread = reader;
        unreadLayers = Set.copyOf(layers);
    }

    private void readIfUnread() {
        if (unread != null) {
            readProblems.addAll(accept(unread.read()));
        }
    }

    /** Marks the target as changed so that the next autosave writes it. */
    public void markDirty() {
        dirty = true;
    }

    /** The undo history to save when it changed since the last snapshot, else null. */
    MaskHistory.State takeHistoryChange() {
        if (unread != null || history.revision() == savedHistory) {
            return null;
        }
        savedHistory = history.revision();
        return history.state(HISTORY_STEPS, SAVED_HISTORY_BYTES);
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
