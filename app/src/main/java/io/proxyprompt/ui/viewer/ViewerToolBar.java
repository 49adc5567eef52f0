package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.EditTool;
import io.proxyprompt.ui.Icons;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

import java.util.List;

/**
 * The tools above the viewer: brush, eraser, polygon, fill (with their keys), brush size, overlay opacity, the
 * object being drawn and a visibility switch per object.
 */
public final class ViewerToolBar extends ToolBar {

    private final ToolState tools;
    private final ImageViewer viewer;
    private final ComboBox<Layer> object = new ComboBox<>();
    private final HBox toggles = new HBox(8);
    private final Label title = new Label();
    private final HBox layerBar = new HBox(8);

    public ViewerToolBar(ToolState tools, ImageViewer viewer) {
        this.tools = tools;
        this.viewer = viewer;
        setId("viewerToolBar");
        getStyleClass().add("viewer-toolbar");
        ToggleGroup group = new ToggleGroup();
        for (EditTool t : EditTool.values()) {
            ToggleButton b = new ToggleButton();
            b.setId("tool" + t.name().charAt(0) + t.name().substring(1).toLowerCase());
            b.setGraphic(Icons.icon(switch (t) {
                case BRUSH -> Icons.BRUSH;
                case ERASER -> Icons.ERASER;
                case POLYGON -> Icons.POLYGON;
                case FILL -> Icons.FILL;
            }, 16));
            b.setToggleGroup(group);
            b.setUserData(t);
            b.setTooltip(new Tooltip(t.label() + " (" + t.key() + ")" + switch (t) {
                case POLYGON -> ": click the corners, double-click or Enter to fill, Esc to cancel";
                case FILL -> ": fills the enclosed area under the click (Alt+click empties it)";
                default -> "";
            }));
            b.setSelected(tools.toolProperty().get() == t);
            // selecting the matching toggle deselects the others through the group
            tools.toolProperty().addListener((o, a, now) -> {
                if (now == t) {
                    b.setSelected(true);
                }
            });
            getItems().add(b);
        }
        group.selectedToggleProperty().addListener((o, a, now) -> {
            if (now == null) {
                a.setSelected(true); // a click on the selected tool keeps it selected
            } else {
                tools.toolProperty().set((EditTool) now.getUserData());
            }
        });

        Slider size = new Slider(ToolState.MIN_RADIUS, 60, tools.brushRadiusProperty().get());
        size.setId("brushSize");
        size.setPrefWidth(90);
        size.valueProperty().bindBidirectional(tools.brushRadiusProperty());
        size.setTooltip(new Tooltip("Brush radius in image pixels ([ smaller, ] larger)"));
        Label sizeLabel = new Label();
        sizeLabel.textProperty().bind(Bindings.format("%d px", tools.brushRadiusProperty()));
        sizeLabel.setMinWidth(42);

        Slider opacity = new Slider(0, 1, tools.opacityProperty().get());
        opacity.setId("overlayOpacity");
        opacity.setPrefWidth(80);
        opacity.valueProperty().bindBidirectional(tools.opacityProperty());
        opacity.setTooltip(new Tooltip("Overlay opacity (O cycles it)"));

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

        Button undo = button(Icons.UNDO, "undoButton", "Undo (Ctrl+Z)", viewer::undo);
        Button redo = button(Icons.REDO, "redoButton", "Redo (Ctrl+Shift+Z)", viewer::redo);
        Button fit = button(Icons.FIT, "fitButton", "Fit to window (Ctrl+0)", viewer::fit);

        title.getStyleClass().add("viewer-title");
        title.setId("viewerTitle");
        toggles.setAlignment(Pos.CENTER_LEFT);
        getItems().addAll(new Separator(), label("Brush"), size, sizeLabel, new Separator(), label("Opacity"), opacity,
                new Separator(), undo, redo, fit);
        Pane spacer2 = new Pane();
        HBox.setHgrow(spacer2, Priority.ALWAYS);
        layerBar.getChildren().addAll(label("Drawing"), object, new Separator(javafx.geometry.Orientation.VERTICAL),
                label("Show"), toggles, spacer2, title);
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

    private Button button(String icon, String id, String tip, Runnable action) {
        Button b = new Button();
        b.setId(id);
        b.setGraphic(Icons.icon(icon, 16));
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
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
            toggles.getChildren().add(c);
        }
        Layer pick = layers.stream().filter(l -> l.object().equals(active)).findFirst()
                .orElse(layers.isEmpty() ? null : layers.get(0));
        object.setValue(pick);
        tools.activeObjectProperty().set(pick == null ? null : pick.object());
        title.setText(doc == null ? "" : doc.title());
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
