package io.proxyprompt.ui;

import javafx.scene.Node;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.SVGPath;

/** Tool bar and menu icons as vector paths on a 16-unit grid, so they stay sharp at any screen scale. */
public final class Icons {

    private Icons() {
    }

    public static final String BRUSH = "M14.2 1.2 15 2 8.6 9.8 6.4 8.3z M5.6 9.1 7.9 10.6C7.4 13.3 5 15 1 14.6"
            + "c1.2-.9 1-2.2 1.6-3.4.6-1.1 1.7-1.9 3-2.1z";
    public static final String ERASER = "M9.5 1.5 15 7 8 14H4.5L1 10.5z M3 10.5 5.3 12.8H7.4L9.2 11 5 6.8z";
    public static final String POLYGON = "M2.5 2 14 5 11.5 14.5 2 11z M4 4.1 3.6 10 10.6 12.6 12.2 6z";
    public static final String FILL = "M8 1.5C8 1.5 3 7.4 3 10.5a5 5 0 0 0 10 0C13 7.4 8 1.5 8 1.5z";
    public static final String CLICK = "M3 1 13 7 8.7 8.2 11.2 13 9.4 14 6.9 9.2 3 12z";
    public static final String FIT = "M1 1h5v2H3v3H1z M10 1h5v5h-2V3h-3z M1 10h2v3h3v2H1z M13 10h2v5h-5v-2h3z";
    public static final String UNDO = "M5 3 1 7l4 4V8h5c2 0 3.5 1.3 3.5 3.2S12 14 10 14H7v1.5h3c3 0 5-2 5-4.3"
            + "S13 6.5 10 6.5H5z";
    public static final String REDO = "M11 3l4 4-4 4V8H6c-2 0-3.5 1.3-3.5 3.2S4 14 6 14h3v1.5H6c-3 0-5-2-5-4.3"
            + "S3 6.5 6 6.5h5z";
    public static final String RUN = "M4 2l10 6-10 6z";
    public static final String STOP = "M3 3h10v10H3z";
    public static final String OPEN = "M1 3h5l1.5 1.5H15V13H1z";
    public static final String PLUS = "M7 2h2v5h5v2H9v5H7V9H2V7h5z";
    public static final String MINUS = "M2 7h12v2H2z";
    public static final String CHECK = "M2 8.5 3.5 7 6.5 10 12.5 3.5 14 5 6.5 13z";
    /** Islands: a large region and two specks. */
    public static final String ISLANDS = "M2 4.5a4 4 0 1 0 8 0a4 4 0 1 0-8 0z M11.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z"
            + " M5 13a1 1 0 1 0 2 0a1 1 0 1 0-2 0z";
    /** Smooth: a rounded wave. */
    public static final String SMOOTH = "M1 10C3 4 6 4 8 8s5 4 7-2v3c-2 5-5 5-7 1S3 6 1 13z";
    /** Grow: a square with arrows pointing out. */
    public static final String GROW = "M5 5h6v6H5z M1 1h4L3.5 2.5 5 4 4 5 2.5 3.5 1 5z M15 15h-4l1.5-1.5L11 12l1-1 1.5 1.5L15 11z";
    /** Shrink: a square with arrows pointing in. */
    public static final String SHRINK = "M6 6h4v4H6z M5 5H1l1.5-1.5L0.5 1.5 1.5.5 3.5 2.5 5 1z M11 11h4l-1.5 1.5 2 2-1 1-2-2L11 15z";
    /** Outline: a ring. */
    public static final String OUTLINE = "M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z M8 3.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z";
    public static final String EXPORT = "M7 1h2v8l2.5-2.5L13 8l-5 5-5-5 1.5-1.5L7 9z M2 13h12v2H2z";

    /** A vector icon of {@code size} pixels, coloured by the CSS class {@code icon}. */
    public static Node icon(String path, double size) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.setFillRule(FillRule.EVEN_ODD);
        p.getStyleClass().add("icon");
        double s = size / 16.0;
        p.setScaleX(s);
        p.setScaleY(s);
        javafx.scene.Group g = new javafx.scene.Group(p);
        javafx.scene.layout.StackPane box = new javafx.scene.layout.StackPane(g);
        box.setMinSize(size, size);
        box.setPrefSize(size, size);
        box.setMaxSize(size, size);
        return box;
    }
}
