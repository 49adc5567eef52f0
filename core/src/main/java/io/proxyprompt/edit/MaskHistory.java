package io.proxyprompt.edit;

import io.proxyprompt.mask.Mask;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bounded undo/redo of mask edits for one image. Steps store only the changed rectangle (before and after), and the
 * oldest steps are dropped when the count or the byte budget is exceeded. Layers are named by the caller (e.g.
 * "disc" or "disc@3" for frame 3).
 */
public final class MaskHistory {

    /** One undoable edit of one layer. */
    public record Step(String layer, PixelRect region, byte[] before, byte[] after) {
        long bytes() {
            return (long) before.length + after.length;
        }
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
        PixelRect changed = Regions.difference(before, after);
        if (changed.isEmpty()) {
            return false;
        }
        push(new Step(layer, changed, Regions.copyOut(before, changed), Regions.copyOut(after, changed)));
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
        Regions.copyIn(masks.apply(s.layer()), s.region(), s.before());
        redo.push(s);
        return Optional.of(s);
    }

    /** Re-applies the latest undone step; returns it. */
    public Optional<Step> redo(Function<String, Mask> masks) {
        if (redo.isEmpty()) {
            return Optional.empty();
        }
        Step s = redo.pop();
        Regions.copyIn(masks.apply(s.layer()), s.region(), s.after());
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
