package io.proxyprompt.edit;

/** A rectangle of mask pixels touched by an edit, used to redraw and to store undo steps compactly. */
public record PixelRect(int x, int y, int width, int height) {

    /** The empty region (nothing changed). */
    public static final PixelRect EMPTY = new PixelRect(0, 0, 0, 0);

    public boolean isEmpty() {
        return width <= 0 || height <= 0;
    }

    /** This region cut to an image of {@code w} x {@code h}. */
    public PixelRect clip(int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(w, x + width);
        int y1 = Math.min(h, y + height);
        return x1 <= x0 || y1 <= y0 ? EMPTY : new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }

    /** The smallest region holding both. */
    public PixelRect union(PixelRect other) {
        if (isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return this;
        }
        int x0 = Math.min(x, other.x);
        int y0 = Math.min(y, other.y);
        int x1 = Math.max(x + width, other.x + other.width);
        int y1 = Math.max(y + height, other.y + other.height);
        return new PixelRect(x0, y0, x1 - x0, y1 - y0);
    }
}
