package io.proxyprompt.session;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.mask.Mask;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One opened target in the workspace: its source, status, review flag and its masks, one per object and frame
 * (layer names from {@link #layer}), with its own undo history. Owned and changed by one thread (the UI's).
 */
public final class TargetEntry {

    private final String id;
    private final Path source;
    private final String name;
    private final Map<String, Mask> masks = new LinkedHashMap<>();
    private final MaskHistory history = new MaskHistory(50, 256L << 20);
    private TargetStatus status = TargetStatus.NOT_RUN;
    private boolean reviewed;
    private String problem;
    private boolean dirty;
    private final java.util.Set<String> editedObjects = new java.util.TreeSet<>();

    public TargetEntry(String id, Path source, String name) {
        this.id = Objects.requireNonNull(id);
        this.source = Objects.requireNonNull(source);
        this.name = Objects.requireNonNull(name);
    }

    /** The layer name of an object's mask on one frame, e.g. "disc@0". */
    public static String layer(String object, int frame) {
        return object + "@" + frame;
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

    /** Why the last run failed (for the user), or null. */
    public String problem() {
        return problem;
    }

    public void setProblem(String problem) {
        this.problem = problem;
        dirty = true;
    }

    /** The mask of a layer, or null when none exists yet. */
    public Mask mask(String layer) {
        return masks.get(layer);
    }

    /** Replaces (or adds) the mask of a layer, e.g. with a segmentation result. */
    public void putMask(String layer, Mask mask) {
        masks.put(layer, Objects.requireNonNull(mask));
        dirty = true;
    }

    /** The mask of a layer, created empty at the given size when missing. */
    public Mask maskOrEmpty(String layer, int width, int height) {
        return masks.computeIfAbsent(layer, k -> {
            dirty = true;
            return new Mask(width, height);
        });
    }

    public Map<String, Mask> masks() {
        return Collections.unmodifiableMap(masks);
    }

    /** Objects whose mask was corrected by hand since it was segmented (SEMIAUTOMATIC in DICOM SEG). */
    public java.util.Set<String> editedObjects() {
        return Collections.unmodifiableSet(editedObjects);
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

    /** The object part of a layer name ("disc@0" -> "disc"). */
    public static String objectOf(String layer) {
        int at = layer.lastIndexOf('@');
        return at < 0 ? layer : layer.substring(0, at);
    }

    public MaskHistory history() {
        return history;
    }

    /** Marks the target as changed so that the next autosave writes it. */
    public void markDirty() {
        dirty = true;
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
