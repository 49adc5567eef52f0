package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.collections.ObservableSet;

/**
 * The editing state shared by the viewer, the tool bar and the shortcuts: tool, brush size, overlay opacity, the
 * object being drawn, which objects are shown and how each is drawn, and the islands size.
 */
public final class ToolState {

    public static final int MIN_RADIUS = 1;
    public static final int MAX_RADIUS = 200;

    private final ObjectProperty<EditTool> tool = new SimpleObjectProperty<>(EditTool.BRUSH);
    private final IntegerProperty brushRadius = new SimpleIntegerProperty(8);
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.45);
    private final StringProperty activeObject = new SimpleStringProperty();
    private final ObservableSet<String> hidden = FXCollections.observableSet();
    private final ObservableMap<String, LayerStyle> styles = FXCollections.observableHashMap();
    private final IntegerProperty islandSize = new SimpleIntegerProperty(DEFAULT_ISLAND_SIZE);

    /** Pieces smaller than this many pixels are islands at first (a speck left by erasing, a stray blob). */
    public static final int DEFAULT_ISLAND_SIZE = 200;

    public ObjectProperty<EditTool> toolProperty() {
        return tool;
    }

    public IntegerProperty brushRadiusProperty() {
        return brushRadius;
    }

    public DoubleProperty opacityProperty() {
        return opacity;
    }

    /** The object the tools draw (e.g. "disc"); null when none is chosen. */
    public StringProperty activeObjectProperty() {
        return activeObject;
    }

    /** Objects whose overlay is switched off. */
    public ObservableSet<String> hiddenObjects() {
        return hidden;
    }

    /** How each object is drawn; objects without an entry use {@link LayerStyle#defaultFor}. */
    public ObservableMap<String, LayerStyle> styles() {
        return styles;
    }

    public LayerStyle style(String object) {
        LayerStyle s = styles.get(object);
        return s != null ? s : LayerStyle.defaultFor(object);
    }

    public void setStyle(String object, LayerStyle style) {
        styles.put(object, style);
    }

    /** Outlines the active object or stops outlining it. */
    public void toggleOutline() {
        String o = activeObject.get();
        if (o != null) {
            setStyle(o, style(o).withOutline(!style(o).outline()));
        }
    }

    /** The Islands tool removes pieces smaller than this many pixels. */
    public IntegerProperty islandSizeProperty() {
        return islandSize;
    }

    /** Grows ({@code steps > 0}) or shrinks the brush by about 20% per step, at least one pixel. */
    public void resizeBrush(int steps) {
        int r = brushRadius.get();
        int delta = Math.max(1, (int) Math.round(r * 0.2));
        brushRadius.set(Math.max(MIN_RADIUS, Math.min(MAX_RADIUS, r + Integer.signum(steps) * delta)));
    }

    /** Cycles the overlay opacity 0.25 -> 0.45 -> 0.7 -> 1 -> 0 (off) -> 0.25. */
    public void cycleOpacity() {
        double[] stops = {0.25, 0.45, 0.7, 1.0, 0.0};
        double o = opacity.get();
        for (double s : stops) {
            if (s > o + 1e-6) {
                opacity.set(s);
                return;
            }
        }
        opacity.set(o >= 1.0 - 1e-6 ? 0.0 : stops[0]);
    }

    public void toggleVisible(String object) {
        if (!hidden.remove(object)) {
            hidden.add(object);
        }
    }
}
