package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bounded undo/redo of mask edits for one image. A step is one user action: a brush stroke changes one layer, a
 * model run every layer it wrote, and undo reverts the whole action. Steps store only the changed rectangles (before
 * and after), and the oldest steps are dropped when the count or the byte budget is exceeded. Layers are named by
 * the caller (e.g. "disc" or "disc@3" for frame 3).
 */
public final class MaskHistory {

    /** The change of one layer within a step. */
    public record Change(String layer, PixelRect region, byte[] before, byte[] after) {
        long bytes() {
            return (long) before.length + after.length;
        }
    }

    /** One undoable action, e.g. a brush stroke or a model run. */
    public record Step(String label, java.util.List<Change> changes) {
        public Step {
            changes = java.util.List.copyOf(changes);
        }

        long bytes() {
            return changes.stream().mapToLong(Change::bytes).sum();
        }

        /** The layer of a single-layer step (the first layer of a larger one). */
        public String layer() {
            return changes.get(0).layer();
        }

        /** The changed rectangle of a single-layer step (of the first layer of a larger one). */
        public PixelRect region() {
            return changes.get(0).region();
        }
    }

    /** One layer's mask before and after an action, for {@link #record(String, java.util.List)}. */
    public record Edit(String layer, Mask before, Mask after) {
    }

    private final int maxSteps;
    private final long maxBytes;
    private final Deque<Step> undo = new ArrayDeque<>();
    private final Deque<Step> redo = new ArrayDeque<>();
    private long bytes;

    public MaskHistory(int maxSteps, long maxBytes) {
        if (maxSteps < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("History needs room for at least one step");
        }
        this.maxSteps = maxSteps;
        this.maxBytes = maxBytes;
    }

    /**
     * Records the change from {@code before} (a copy taken when the edit started) to {@code after} (the mask now);
     * returns false, recording nothing, when they are equal. A new step clears the redo stack.
     */
    public boolean record(String layer, Mask before, Mask after) {
        return record("edit", java.util.List.of(new Edit(layer, before, after)));
    }

    /**
     * Records one action that changed several layers (a model run); returns false, recording nothing, when no
     * layer changed. Undo and redo then revert or re-apply all of them together.
     */
    public boolean record(String label, java.util.List<Edit> edits) {
        java.util.List<Change> changes = new java.util.ArrayList<>();
        for (Edit e : edits) {
            PixelRect changed = Regions.difference(e.before(), e.after());
            if (!changed.isEmpty()) {
                changes.add(new Change(e.layer(), changed, Regions.copyOut(e.before(), changed),
                        Regions.copyOut(e.after(), changed)));
            }
        }
        if (changes.isEmpty()) {
            return false;
        }
        push(new Step(label, changes));
        return true;
    }

    private void push(Step step) {
        for (Step s : redo) {
            bytes -= s.bytes();
        }
        redo.clear();
        undo.push(step);
        bytes += step.bytes();
        while (undo.size() > maxSteps || (bytes > maxBytes && undo.size() > 1)) {
            bytes -= undo.removeLast().bytes();
        }
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public int undoDepth() {
        return undo.size();
    }

    /** Reverts the latest step on the mask {@code masks} gives for its layer; returns that step. */
    public Optional<Step> undo(Function<String, Mask> masks) {
        if (undo.isEmpty()) {
            return Optional.empty();
        }
        Step s = undo.pop();
        for (Change c : s.changes()) {
            Regions.copyIn(masks.apply(c.layer()), c.region(), c.before());
        }
        redo.push(s);
        return Optional.of(s);
    }

    /** Re-applies the latest undone step; returns it. */
    public Optional<Step> redo(Function<String, Mask> masks) {
        if (redo.isEmpty()) {
            return Optional.empty();
        }
        Step s = redo.pop();
        for (Change c : s.changes()) {
            Regions.copyIn(masks.apply(c.layer()), c.region(), c.after());
        }
        undo.push(s);
        return Optional.of(s);
    }

    /** Forgets every step (e.g. when the image is closed). */
    public void clear() {
        undo.clear();
        redo.clear();
        bytes = 0;
    }
}
