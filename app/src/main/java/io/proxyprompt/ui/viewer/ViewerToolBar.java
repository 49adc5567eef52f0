package io.proxyprompt.ui.viewer;

import io.proxyprompt.ui.actions.Commands;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.util.List;

/**
 * The tools above the viewer, made from the workstation's commands: brush, eraser, polygon, fill, brush size,
 * overlay opacity, undo, redo, fit, and the whole-mask corrections (islands below N px, smooth, grow, shrink). A
 * second row picks the object being drawn and, per object, whether it shows, filled and/or outlined, at what
 * opacity.
 */
public final class ViewerToolBar extends ToolBar {

    private final ToolState tools;
    private final ImageViewer viewer;
    private final ComboBox<Layer> object = new ComboBox<>();
    private final HBox toggles = new HBox(8);
    private final Label title = new Label();
    private final HBox layerBar = new HBox(8);

    public ViewerToolBar(ToolState tools, ImageViewer viewer, Commands commands) {
        this.tools = tools;
        this.viewer = viewer;
        setId("viewerToolBar");
        getStyleClass().add("viewer-toolbar");
        for (String t : List.of("brush", "eraser", "polygon", "fill", "click")) {
            getItems().add(commands.iconToggle("tool-" + t, "tool" + Character.toUpperCase(t.charAt(0))
                    + t.substring(1)));
        }

        Slider size = new Slider(ToolState.MIN_RADIUS, 60, tools.brushRadiusProperty().get());
        size.setId("brushSize");
        size.setPrefWidth(90);
        size.valueProperty().bindBidirectional(tools.brushRadiusProperty());
        size.setTooltip(new Tooltip("Brush radius in image pixels (" + commands.get("brushSmaller").keyText()
                + " smaller, " + commands.get("brushLarger").keyText() + " larger)"));
        Label sizeLabel = new Label();
        sizeLabel.textProperty().bind(Bindings.format("%d px", tools.brushRadiusProperty()));
        sizeLabel.setMinWidth(42);

        Slider opacity = new Slider(0, 1, tools.opacityProperty().get());
        opacity.setId("overlayOpacity");
        opacity.setPrefWidth(80);
        opacity.valueProperty().bindBidirectional(tools.opacityProperty());
        opacity.setTooltip(new Tooltip("Overlay opacity of every object (" + commands.get("cycleOpacity").keyText()
                + " cycles it); each object's own share is in its menu below"));

        Spinner<Integer> islands = new Spinner<>(1, 1_000_000, tools.islandSizeProperty().get(), 50);
        islands.setId("islandSize");
        islands.setEditable(true);
        // digits only: a letter typed here is neither a size nor a tool key
        islands.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<String>(
                c -> c.getControlNewText().matches("\\d{0,7}") ? c : null));
        islands.setPrefWidth(86);
        islands.getValueFactory().valueProperty().addListener((o, a, v) -> {
            if (v != null) {
                tools.islandSizeProperty().set(v);
            }
        });
        islands.setTooltip(new Tooltip("Islands: pieces smaller than this many pixels are removed"));

        object.setId("activeObject");
        object.setPromptText("No object");
        object.setTooltip(new Tooltip("The object the tools draw"));
        object.setCellFactory(v -> new LayerCell());
        object.setButtonCell(new LayerCell());
        object.valueProperty().addListener((o, a, now) -> {
            if (now != null) {
                tools.activeObjectProperty().set(now.object());
            }
        });
        tools.activeObjectProperty().addListener((o, a, now) -> object.getItems().stream()
                .filter(l -> l.object().equals(now)).findFirst().ifPresent(object::setValue));

        title.getStyleClass().add("viewer-title");
        title.setId("viewerTitle");
        toggles.setAlignment(Pos.CENTER_LEFT);
        getItems().addAll(new Separator(), label("Brush"), size, sizeLabel, new Separator(), label("Opacity"), opacity,
                new Separator(), commands.iconButton("undo", "undoButton"), commands.iconButton("redo", "redoButton"),
                commands.iconButton("fit", "fitButton"), new Separator(),
                commands.iconButton("removeIslands", "islandsButton"), label("<"), islands, label("px"),
                commands.iconButton("smooth", "smoothButton"), commands.iconButton("grow", "growButton"),
                commands.iconButton("shrink", "shrinkButton"));
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        layerBar.getChildren().addAll(label("Drawing"), object, new Separator(Orientation.VERTICAL),
                label("Show"), toggles, spacer, title);
        layerBar.setAlignment(Pos.CENTER_LEFT);
        layerBar.getStyleClass().add("layer-bar");
        layerBar.setId("layerBar");
        viewer.documentProperty().addListener((o, a, doc) -> refreshObjects());
    }

    /** The second row: the object being drawn, overlay switches per object and the document's title. */
    public HBox layerBar() {
        return layerBar;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Re-reads the objects of the document in the viewer (after the support set changed). */
    public void refreshObjects() {
        ViewerDocument doc = viewer.documentProperty().get();
        List<Layer> layers = doc == null ? List.of() : doc.layers(viewer.frame());
        String active = tools.activeObjectProperty().get();
        object.getItems().setAll(layers);
        toggles.getChildren().clear();
        for (Layer l : layers) {
            CheckBox c = new CheckBox(l.label());
            c.setId("show-" + l.object());
            c.setGraphic(swatch(l));
            c.setSelected(!tools.hiddenObjects().contains(l.object()));
            c.selectedProperty().addListener((o, a, on) -> {
                if (on) {
                    tools.hiddenObjects().remove(l.object());
                } else {
                    tools.hiddenObjects().add(l.object());
                }
            });
            c.setTooltip(new Tooltip("Show or hide the " + l.label().toLowerCase() + " overlay"));
            toggles.getChildren().add(new HBox(2, c, styleMenu(l)));
        }
        Layer pick = layers.stream().filter(l -> l.object().equals(active)).findFirst()
                .orElse(layers.isEmpty() ? null : layers.get(0));
        object.setValue(pick);
        tools.activeObjectProperty().set(pick == null ? null : pick.object());
        title.setText(doc == null ? "" : doc.title());
    }

    /** The small menu beside an object's switch: fill, outline and the object's own opacity. */
    private MenuButton styleMenu(Layer l) {
        LayerStyle now = tools.style(l.object());
        CheckMenuItem fill = new CheckMenuItem("Fill");
        fill.setId("fill-" + l.object());
        fill.setSelected(now.fill());
        fill.selectedProperty().addListener((o, a, on) -> tools.setStyle(l.object(),
                tools.style(l.object()).withFill(on)));
        CheckMenuItem outline = new CheckMenuItem("Outline");
        outline.setId("outline-" + l.object());
        outline.setSelected(now.outline());
        outline.selectedProperty().addListener((o, a, on) -> tools.setStyle(l.object(),
                tools.style(l.object()).withOutline(on)));
        Slider alpha = new Slider(0, 1, now.opacity());
        alpha.setId("opacity-" + l.object());
        alpha.setPrefWidth(120);
        alpha.valueProperty().addListener((o, a, v) -> tools.setStyle(l.object(),
                tools.style(l.object()).withOpacity(v.doubleValue())));
        CustomMenuItem opacity = new CustomMenuItem(new VBox(2, new Label("Opacity"), alpha), false);
        MenuButton m = new MenuButton();
        m.setId("style-" + l.object());
        m.getStyleClass().add("style-menu");
        m.getItems().addAll(fill, outline, opacity);
        m.setTooltip(new Tooltip("How the " + l.label().toLowerCase() + " is drawn: fill, outline, opacity"));
        return m;
    }

    private static Rectangle swatch(Layer l) {
        Rectangle r = new Rectangle(10, 10, l.colour());
        r.getStyleClass().add("swatch");
        return r;
    }

    private static final class LayerCell extends javafx.scene.control.ListCell<Layer> {
        @Override
        protected void updateItem(Layer l, boolean empty) {
            super.updateItem(l, empty);
            setText(empty || l == null ? null : l.label());
            setGraphic(empty || l == null ? null : swatch(l));
        }
    }
}
