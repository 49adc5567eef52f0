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
    private long revision;

    /**
     * The steps of a history as they can be saved and restored, newest first in both lists.
     *
     * @param undo the steps undo reverts, newest first
     * @param redo the steps redo re-applies, newest first
     */
    public record State(java.util.List<Step> undo, java.util.List<Step> redo) {
        public State {
            undo = java.util.List.copyOf(undo);
            redo = java.util.List.copyOf(redo);
        }

        /** No step. */
        public static final State EMPTY = new State(java.util.List.of(), java.util.List.of());

        /** Every layer any step changes. */
        public java.util.Set<String> layers() {
            java.util.Set<String> out = new java.util.TreeSet<>();
            java.util.stream.Stream.concat(undo.stream(), redo.stream())
                    .forEach(s -> s.changes().forEach(c -> out.add(c.layer())));
            return out;
        }
    }

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

    /** Counts every change to the history (record, undo, redo, clear), so a saver can tell whether it changed. */
    public long revision() {
        return revision;
    }

    /**
     * The newest steps, at most {@code maxSteps} undo steps and their redo steps, within {@code maxBytes} of mask
     * bytes (older steps are left out first): what is saved with the workspace. Steps are immutable, so the state
     * can be written on another thread while editing goes on.
     */
    public State state(int maxSteps, long maxBytes) {
        java.util.List<Step> u = new java.util.ArrayList<>();
        java.util.List<Step> r = new java.util.ArrayList<>();
        long used = 0;
        for (Step s : redo) {
            if (r.size() >= maxSteps || used + s.bytes() > maxBytes) {
                break;
            }
            r.add(s);
            used += s.bytes();
        }
        for (Step s : undo) {
            if (u.size() >= maxSteps || used + s.bytes() > maxBytes) {
                break;
            }
            u.add(s);
            used += s.bytes();
        }
        return new State(u, r);
    }

    /** Replaces the history with saved steps (after a restart); the limits of this history still apply. */
    public void restore(State state) {
        clear();
        for (int i = state.undo().size() - 1; i >= 0; i--) {
            undo.push(state.undo().get(i));
            bytes += state.undo().get(i).bytes();
        }
        for (int i = state.redo().size() - 1; i >= 0; i--) {
            redo.push(state.redo().get(i));
            bytes += state.redo().get(i).bytes();
        }
        while (undo.size() > maxSteps || (bytes > maxBytes && undo.size() > 1)) {
            bytes -= undo.removeLast().bytes();
        }
        revision++;
    }

    private void push(Step step) {
        revision++;
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
        revision++;
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
        revision++;
        for (Change c : s.changes()) {
            Regions.copyIn(masks.apply(c.layer()), c.region(), c.after());
        }
        undo.push(s);
        return Optional.of(s);
    }

    /** Forgets every step (e.g. when the image is closed). */
    public void clear() {
        revision++;
        undo.clear();
        redo.clear();
        bytes = 0;
    }
}
