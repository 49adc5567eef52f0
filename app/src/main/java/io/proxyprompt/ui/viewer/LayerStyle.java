package io.proxyprompt.ui.viewer;

/**
 * How one object is drawn over the image: filled, outlined or both, and its own opacity (a share of the overlay
 * opacity that O and the tool bar set for all objects).
 *
 * @param opacity 0 (invisible) to 1
 */
public record LayerStyle(boolean fill, boolean outline, double opacity) {

    public LayerStyle {
        opacity = Math.max(0, Math.min(1, opacity));
    }

    /**
     * The style an object starts with: solid structures (disc, cup, a lesion) filled and outlined, so their edge
     * and any detached piece stay visible on a bright disc; vessels filled only, as their outline would double
     * every thin vessel.
     */
    public static LayerStyle defaultFor(String object) {
        return new LayerStyle(true, !"vessel".equals(object), 1.0);
    }

    public LayerStyle withFill(boolean on) {
        return new LayerStyle(on, outline, opacity);
    }

    public LayerStyle withOutline(boolean on) {
        return new LayerStyle(fill, on, opacity);
    }

    public LayerStyle withOpacity(double o) {
        return new LayerStyle(fill, outline, o);
    }
}
