package io.proxyprompt.segment;

import java.util.List;

/**
 * One click of a clinician (or of the click simulation) on a target: a pixel of the original image and whether it
 * says "this is the object" (positive) or "this is not" (negative).
 *
 * @param x        column, 0 = left edge pixel
 * @param y        row, 0 = top edge pixel
 * @param positive true for inside the object, false for outside
 */
public record Click(int x, int y, boolean positive) {

    public Click {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("a click lies on the image, got (" + x + ", " + y + ")");
        }
    }

    /** The clicks with the last one removed (the list itself when empty). */
    public static List<Click> withoutLast(List<Click> clicks) {
        return clicks.isEmpty() ? clicks : List.copyOf(clicks.subList(0, clicks.size() - 1));
    }

    /** The clicks with one more at the end. */
    public static List<Click> with(List<Click> clicks, Click next) {
        java.util.ArrayList<Click> out = new java.util.ArrayList<>(clicks);
        out.add(next);
        return List.copyOf(out);
    }

    /** The clicks as text, e.g. {@code "12:30:+ 40:50:-"} (saved with the workspace and in undo steps). */
    public static String format(List<Click> clicks) {
        return String.join(" ", clicks.stream().map(c -> c.x() + ":" + c.y() + ":" + (c.positive() ? "+" : "-"))
                .toList());
    }

    /**
     * Clicks from {@link #format} text.
     *
     * @throws IllegalArgumentException the text is not such a list (the message quotes it)
     */
    public static List<Click> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        java.util.ArrayList<Click> out = new java.util.ArrayList<>();
        for (String part : text.strip().split("\\s+")) {
            String[] f = part.split(":");
            if (f.length != 3 || !(f[2].equals("+") || f[2].equals("-"))) {
                throw new IllegalArgumentException("'" + part + "' is not a click (x:y:+ or x:y:-)");
            }
            try {
                out.add(new Click(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].equals("+")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a click (x:y:+ or x:y:-)", e);
            }
        }
        return List.copyOf(out);
    }
}
