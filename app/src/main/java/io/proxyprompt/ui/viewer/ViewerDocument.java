package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;

import java.util.List;

/**
 * What the viewer shows and edits: a target or a support image, its object layers on the current frame and the
 * history that records edits. The viewer calls {@link #edited} after each finished edit (for status and autosave).
 */
public interface ViewerDocument {

    /** A short title for the viewer header, e.g. "Target IDRiD_01" or "Support IDRiD_05 — optic disc". */
    String title();

    ImageStack stack();

    /** The layers on {@code frame}, in drawing order (the editable one among them). */
    List<Layer> layers(int frame);

    /** The mask the tools draw into on {@code frame} (created empty if needed), or null when no object is active. */
    Mask editableMask(int frame, String object);

    /** The history layer name for an object on a frame. */
    String historyLayer(String object, int frame);

    /** Resolves a history layer name back to its mask. */
    Mask maskForHistoryLayer(String layer);

    MaskHistory history();

    /** The clicks that redrew the mask of a history layer, oldest first (empty when none). */
    List<io.proxyprompt.segment.Click> clicks(String historyLayer);

    /** Replaces the clicks of a history layer (saved with the document's owner). */
    void setClicks(String historyLayer, List<io.proxyprompt.segment.Click> clicks);

    /** Called on the FX thread after an edit, undo or redo changed the mask of {@code historyLayer}. */
    void edited(String historyLayer);
}
