package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.Click;

import java.util.List;
import java.util.Optional;

/**
 * The Click tool's part of the viewer (issue 21): turns a left click into a positive point and a right or Alt click
 * into a negative one, asks the model for the redrawn mask, and applies it as one undoable step that also carries
 * the click list, so undo and redo bring both back together.
 */
public final class ClickTool {

    /** Asked for a mask redrawn from the document's object's full click list; answers later on the FX thread. */
    public interface Refiner {
        void refine(ViewerDocument doc, int frame, String object, List<Click> clicks);
    }

    /** The undo label of a click step: "clicks", the layer, then the clicks before and after. */
    private static final String LABEL = "clicks";
    private static final String SEP = "\u001f";

    private Refiner refiner = (doc, frame, object, clicks) -> { };

    /** Sets who redraws the mask from clicks (the workstation's model). */
    public void setRefiner(Refiner refiner) {
        this.refiner = refiner;
    }

    /** A click on image pixel (x, y) of the frame; ignored outside the frame. */
    void click(ViewerDocument doc, int frame, String object, int x, int y, boolean positive) {
        int w = doc.stack().frame(frame).width();
        int h = doc.stack().frame(frame).height();
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return;
        }
        List<Click> now = doc.clicks(doc.historyLayer(object, frame));
        refiner.refine(doc, frame, object, Click.with(now, new Click(x, y, positive)));
    }

    /** Backspace: the object redrawn without its last click; false when it has none. */
    boolean removeLast(ViewerDocument doc, int frame, String object) {
        List<Click> now = doc.clicks(doc.historyLayer(object, frame));
        if (now.isEmpty()) {
            return false;
        }
        refiner.refine(doc, frame, object, Click.withoutLast(now));
        return true;
    }

    /**
     * Puts the redrawn mask and its clicks into the document as one undoable step and marks the layer edited.
     * Returns whether the mask changed (the click list is kept either way).
     */
    static boolean apply(ViewerDocument doc, int frame, String object, List<Click> clicks, Mask redrawn) {
        String layer = doc.historyLayer(object, frame);
        List<Click> before = doc.clicks(layer);
        Mask m = doc.editableMask(frame, object);
        Mask old = m.copy();
        System.arraycopy(redrawn.data(), 0, m.data(), 0, m.data().length);
        doc.setClicks(layer, clicks);
        boolean changed = doc.history().record(LABEL + SEP + layer + SEP + Click.format(before) + SEP
                + Click.format(clicks), List.of(new MaskHistory.Edit(layer, old, m)));
        doc.edited(layer);
        return changed;
    }

    /** After an undo or redo of a click step: the layer's clicks as they were on that side of the step. */
    static void restoreClicks(ViewerDocument doc, MaskHistory.Step step, boolean undone) {
        Optional<String[]> f = fields(step.label());
        f.ifPresent(parts -> doc.setClicks(parts[1], Click.parse(undone ? parts[2] : parts[3])));
    }

    private static Optional<String[]> fields(String label) {
        String[] parts = label.split(SEP, -1);
        return parts.length == 4 && parts[0].equals(LABEL) ? Optional.of(parts) : Optional.empty();
    }
}
