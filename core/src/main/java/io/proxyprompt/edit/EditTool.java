package io.proxyprompt.edit;

/** The mask editing tools, with the key that selects each one in the viewer. */
public enum EditTool {
    BRUSH("Brush", 'B'),
    ERASER("Eraser", 'E'),
    POLYGON("Polygon", 'P'),
    FILL("Flood fill", 'F'),
    /** Clicks redraw the object with the model (left: object, right or Alt: not object); needs a click model. */
    CLICK("Click", 'C');

    private final String label;
    private final char key;

    EditTool(String label, char key) {
        this.label = label;
        this.key = key;
    }

    public String label() {
        return label;
    }

    /** The keyboard shortcut (a letter, no modifier). */
    public char key() {
        return key;
    }
}
