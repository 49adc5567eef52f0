package io.proxyprompt.ui.panels;

import static io.proxyprompt.ui.panels.PanelParts.ask;
import static io.proxyprompt.ui.panels.PanelParts.iconButton;
import static io.proxyprompt.ui.panels.PanelParts.placeholder;
import static io.proxyprompt.ui.panels.PanelParts.row;
import static io.proxyprompt.ui.panels.PanelParts.section;

import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.Icons;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The support library on the right: named support sets, the objects each one segments (presets or free names,
 * with colours) and its support images with their masks, drawn in the viewer or loaded from PNG.
 */
public final class SupportLibraryPanel extends VBox {

    private final SupportHost host;
    private Workspace workspace;
    private final ComboBox<SupportSetEntry> sets = new ComboBox<>();
    private final SupportCells.SetCell setButton = new SupportCells.SetCell();
    private final ObservableList<ObjectSpec> objects = FXCollections.observableArrayList();
    private final ListView<ObjectSpec> objectList = new ListView<>(objects);
    private final ObservableList<SupportSetEntry.Pair> pairs = FXCollections.observableArrayList();
    private final ListView<SupportSetEntry.Pair> pairList = new ListView<>(pairs);
    private final ColorPicker colour = new ColorPicker();
    private final Label hint = new Label();
    private final VBox runBox = new VBox(6);
    private boolean updating;

    public SupportLibraryPanel(SupportHost host, Workspace workspace) {
        this.host = host;
        setId("supportLibrary");
        getStyleClass().addAll("side-panel", "support-panel");
        setSpacing(6);

        Label header = new Label("SUPPORT LIBRARY");
        header.getStyleClass().add("panel-header");
        HBox head = new HBox(header);
        head.getStyleClass().add("panel-head");

        sets.setId("supportSets");
        sets.setMaxWidth(Double.MAX_VALUE);
        sets.setPromptText("No support set");
        sets.setTooltip(new Tooltip("The support set used for segmentation"));
        sets.setCellFactory(v -> new SupportCells.SetCell());
        sets.setButtonCell(setButton);
        HBox.setHgrow(sets, Priority.ALWAYS);
        sets.valueProperty().addListener((o, a, s) -> {
            if (!updating && s != null) {
                this.workspace.selectSet(s);
                showSet();
                host.supportChanged();
            }
        });
        Button newSet = iconButton(Icons.PLUS, "newSetButton", "New support set");
        newSet.setOnAction(e -> newSet());
        MenuButton setMenu = new MenuButton("\u22EF");
        setMenu.setId("setMenu");
        setMenu.setTooltip(new Tooltip("Rename or delete the support set"));
        MenuItem rename = new MenuItem("Rename\u2026");
        rename.setOnAction(e -> renameSet());
        MenuItem delete = new MenuItem("Delete");
        delete.setOnAction(e -> deleteSet());
        setMenu.getItems().addAll(rename, delete);
        HBox setRow = new HBox(4, sets, newSet, setMenu);
        setRow.setAlignment(Pos.CENTER_LEFT);

        MenuButton addObject = new MenuButton("Add object");
        addObject.setId("addObjectButton");
        addObject.setGraphic(Icons.icon(Icons.PLUS, 10));
        for (ObjectSpec preset : ObjectSpec.presets()) {
            MenuItem item = new MenuItem(preset.label(), new Rectangle(10, 10, Color.web(preset.colour())));
            item.setId("addObject-" + preset.name());
            item.setOnAction(e -> addObject(host.withPreferredColour(preset)));
            addObject.getItems().add(item);
        }
        MenuItem other = new MenuItem("Other object\u2026");
        other.setId("addObject-other");
        other.setOnAction(e -> addNamedObject());
        addObject.getItems().addAll(new SeparatorMenuItem(), other);
        Button removeObject = iconButton(Icons.MINUS, "removeObjectButton", "Remove the object and its masks");
        removeObject.setOnAction(e -> removeObject());
        removeObject.disableProperty().bind(objectList.getSelectionModel().selectedItemProperty().isNull());
        colour.setId("objectColour");
        colour.setTooltip(new Tooltip("Colour of the selected object"));
        colour.getStyleClass().add(ColorPicker.STYLE_CLASS_BUTTON);
        colour.disableProperty().bind(objectList.getSelectionModel().selectedItemProperty().isNull());
        colour.setOnAction(e -> recolour());
        objectList.setId("objectList");
        objectList.setCellFactory(v -> new SupportCells.ObjectCell(pairs));
        objectList.setPrefHeight(110);
        objectList.setPlaceholder(placeholder("Add the objects to segment:\noptic disc, cup, vessels\u2026"));
        objectList.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null) {
                colour.setValue(Color.web(s.colour()));
            }
        });

        MenuButton addPair = new MenuButton("Add image");
        addPair.setId("addPairButton");
        addPair.setGraphic(Icons.icon(Icons.PLUS, 10));
        MenuItem fromTarget = new MenuItem("Current target image");
        fromTarget.setId("addPair-current");
        fromTarget.setOnAction(e -> host.currentTarget().ifPresentOrElse(t -> addPair(t.source(), host.currentFrame()),
                () -> host.notifier().info("Select a target first, or add a support image from disk")));
        MenuItem fromDisk = new MenuItem("From disk\u2026");
        fromDisk.setId("addPair-disk");
        fromDisk.setOnAction(e -> addPairFromDisk());
        addPair.getItems().addAll(fromTarget, fromDisk);
        Button removePair = iconButton(Icons.MINUS, "removePairButton", "Remove the support image from the set");
        removePair.setOnAction(e -> removePair());
        removePair.disableProperty().bind(pairList.getSelectionModel().selectedItemProperty().isNull());
        pairList.setId("pairList");
        pairList.setCellFactory(v -> new SupportCells.PairCell(objects, host::thumbnail));
        pairList.setPrefHeight(150);
        pairList.setPlaceholder(placeholder("Add a support image: an\nexample with its mask drawn."));
        pairList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                editSelected();
            }
        });
        VBox.setVgrow(pairList, Priority.ALWAYS);

        Button draw = new Button("Draw");
        draw.setId("drawMaskButton");
        draw.setTooltip(new Tooltip("Show the support image in the viewer and draw its masks"));
        draw.setOnAction(e -> editSelected());
        Button load = new Button("Load mask\u2026");
        load.setId("loadMaskButton");
        load.setTooltip(new Tooltip("Load the selected object's mask from a PNG of the same size (0 outside, 255 "
                + "inside) or from its segment in a DICOM SEG"));
        load.setOnAction(e -> loadMaskFromDisk());
        draw.disableProperty().bind(pairList.getSelectionModel().selectedItemProperty().isNull());
        load.disableProperty().bind(pairList.getSelectionModel().selectedItemProperty().isNull()
                .or(objectList.getSelectionModel().selectedItemProperty().isNull()));
        HBox maskRow = new HBox(6, draw, load);

        hint.setId("supportHint");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        runBox.getStyleClass().add("run-box");

        getChildren().addAll(head, section("Support set"), setRow,
                section("Objects"), row(addObject, removeObject, colour), objectList,
                section("Support images"), row(addPair, removePair), pairList, maskRow, hint, runBox);
        setWorkspace(workspace);
    }

    /** Puts the Segment controls (owned by the main window) at the bottom of the panel. */
    public void setRunControls(javafx.scene.Node... nodes) {
        runBox.getChildren().setAll(nodes);
    }

    /** Shows another workspace's sets (after opening one). */
    public void setWorkspace(Workspace ws) {
        this.workspace = ws;
        refreshSets();
    }

    /** The object selected in the library (what the tools draw on a support image). */
    public javafx.beans.property.ReadOnlyObjectProperty<ObjectSpec> selectedObjectProperty() {
        return objectList.getSelectionModel().selectedItemProperty();
    }

    /** The selected set, if any. */
    public Optional<SupportSetEntry> selectedSet() {
        return workspace.selectedSet();
    }

    public Optional<SupportSetEntry.Pair> selectedPair() {
        return Optional.ofNullable(pairList.getSelectionModel().getSelectedItem());
    }

    /** Re-reads sets, objects and pairs from the workspace. */
    public void refreshSets() {
        updating = true;
        sets.getItems().setAll(workspace.supportSets());
        sets.setValue(workspace.selectedSet().orElse(null));
        updating = false;
        showSet();
    }

    private void showSet() {
        Optional<SupportSetEntry> s = workspace.selectedSet();
        ObjectSpec selObj = objectList.getSelectionModel().getSelectedItem();
        SupportSetEntry.Pair selPair = pairList.getSelectionModel().getSelectedItem();
        objects.setAll(s.map(SupportSetEntry::objects).orElse(List.of()));
        pairs.setAll(s.map(SupportSetEntry::pairs).orElse(List.of()));
        if (selObj != null && objects.contains(selObj)) {
            objectList.getSelectionModel().select(selObj);
        } else if (!objects.isEmpty()) {
            objectList.getSelectionModel().select(0);
        }
        if (selPair != null && pairs.contains(selPair)) {
            pairList.getSelectionModel().select(selPair);
        } else if (!pairs.isEmpty()) {
            pairList.getSelectionModel().select(0);
        }
        objectList.refresh();
        pairList.refresh();
        setButton.redraw();
        hint.setText(s.map(SupportSetEntry::missing).orElse("Create a support set to start (+)"));
        hint.setVisible(!hint.getText().isEmpty());
        hint.setManaged(hint.isVisible());
    }

    /** Refreshes the rows after masks changed in the viewer. */
    public void refresh() {
        showSet();
    }

    private SupportSetEntry ensureSet() {
        return workspace.selectedSet().orElseGet(() -> {
            SupportSetEntry s = workspace.addSupportSet("Support set " + (workspace.supportSets().size() + 1));
            workspace.selectSet(s);
            refreshSets();
            return s;
        });
    }

    /** Makes {@code set} the one used for segmentation. */
    public void selectSet(SupportSetEntry set) {
        workspace.selectSet(set);
        refreshSets();
        host.supportChanged();
    }

    /** Creates a set with this name and selects it. */
    public SupportSetEntry createSet(String name) {
        SupportSetEntry s = workspace.addSupportSet(name);
        workspace.selectSet(s);
        refreshSets();
        host.supportChanged();
        return s;
    }

    private void newSet() {
        ask(host.window(), "New support set", "Name of the support set (e.g. Disc + cup, Vessels):",
                "Support set " + (workspace.supportSets().size() + 1)).ifPresent(this::createSet);
    }

    private void renameSet() {
        workspace.selectedSet().ifPresent(s -> ask(host.window(), "Rename support set", "New name:", s.name())
                .ifPresent(n -> {
                    s.rename(n);
                    refreshSets();
                    host.supportChanged();
                }));
    }

    private void deleteSet() {
        workspace.selectedSet().ifPresent(s -> {
            workspace.removeSupportSet(s);
            refreshSets();
            host.supportChanged();
            host.notifier().info("Deleted support set \u201C" + s.name() + "\u201D");
        });
    }

    /** Adds an object to the selected set (creating a set when there is none). */
    public void addObject(ObjectSpec o) {
        SupportSetEntry s = ensureSet();
        s.putObject(o);
        showSet();
        objectList.getSelectionModel().select(o);
        host.supportChanged();
    }

    private void addNamedObject() {
        ask(host.window(), "Add object", "Object name (e.g. lesion, macula):", "").ifPresent(typed -> {
            String name = ObjectSpec.normaliseName(typed);
            try {
                addObject(new ObjectSpec(name, "#8BD17C"));
            } catch (IllegalArgumentException e) {
                host.notifier().error("\u201C" + typed + "\u201D cannot be an object name: " + e.getMessage());
            }
        });
    }

    private void removeObject() {
        ObjectSpec o = objectList.getSelectionModel().getSelectedItem();
        workspace.selectedSet().ifPresent(s -> {
            s.removeObject(o.name());
            showSet();
            host.supportChanged();
        });
    }

    private void recolour() {
        ObjectSpec o = objectList.getSelectionModel().getSelectedItem();
        Color c = colour.getValue();
        String hex = String.format("#%02X%02X%02X", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
        workspace.selectedSet().ifPresent(s -> {
            ObjectSpec next = new ObjectSpec(o.name(), hex);
            int i = s.objects().indexOf(o);
            s.putObject(next);
            showSet();
            objectList.getSelectionModel().select(next);
            host.supportChanged();
            if (i < 0) {
                host.notifier().info("Object not found");
            }
        });
    }

    /** Adds the image (its first frame) as a support pair of the selected set and opens it for drawing. */
    public void addPair(Path image) {
        addPair(image, 0);
    }

    /** Adds one frame of the image as a support pair of the selected set and opens it for drawing. */
    public void addPair(Path image, int frame) {
        SupportSetEntry s = ensureSet();
        host.withStack(image, stack -> {
            int f = Math.max(0, Math.min(frame, stack.frameCount() - 1));
            SupportSetEntry.Pair p = new SupportSetEntry.Pair(workspace.newId("p"), image.toAbsolutePath(), f);
            s.addPair(p);
            showSet();
            pairList.getSelectionModel().select(p);
            host.supportChanged();
            host.editSupport(s, p);
        });
    }

    private void addPairFromDisk() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Choose a support image");
        File f = fc.showOpenDialog(host.window());
        if (f != null) {
            addPair(f.toPath());
        }
    }

    private void removePair() {
        SupportSetEntry.Pair p = pairList.getSelectionModel().getSelectedItem();
        workspace.selectedSet().ifPresent(s -> {
            s.removePair(p);
            showSet();
            host.supportChanged();
        });
    }

    private void editSelected() {
        SupportSetEntry.Pair p = pairList.getSelectionModel().getSelectedItem();
        workspace.selectedSet().ifPresent(s -> {
            if (p != null) {
                host.editSupport(s, p);
            }
        });
    }

    private void loadMaskFromDisk() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Load mask (PNG or DICOM SEG)");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG masks", "*.png", "*.PNG"),
                new FileChooser.ExtensionFilter("DICOM SEG", "*.dcm", "*.DCM", "*"));
        File f = fc.showOpenDialog(host.window());
        if (f != null) {
            loadMask(f.toPath());
        }
    }

    /**
     * Loads a PNG, or the object's segment of a DICOM SEG, as the selected object's mask of the selected support
     * image. A file of another size, a non-image or a SEG without that segment is refused with a message and the
     * current mask is kept.
     */
    public void loadMask(Path png) {
        SupportSetEntry.Pair p = pairList.getSelectionModel().getSelectedItem();
        ObjectSpec o = objectList.getSelectionModel().getSelectedItem();
        Optional<SupportSetEntry> set = workspace.selectedSet();
        if (p == null || o == null || set.isEmpty()) {
            host.notifier().info("Select a support image and an object first");
            return;
        }
        MaskLoading.load(host, set.get(), p, o, png, this::showSet);
    }
}
