package io.proxyprompt.ui.panels;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.Icons;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.HashMap;
import java.util.Map;

/** The targets list on the left: a thumbnail, the name and the status of every opened target. */
public final class TargetsPanel extends VBox {

    private final ObservableList<TargetEntry> items = FXCollections.observableArrayList();
    private final ListView<TargetEntry> list = new ListView<>(items);
    private final Map<String, Image> thumbnails = new HashMap<>();
    private final Label count = new Label();

    public TargetsPanel(Runnable openFiles, Runnable removeSelected) {
        setId("targetsPanel");
        getStyleClass().addAll("side-panel", "targets-panel");
        Label header = new Label("TARGETS");
        header.getStyleClass().add("panel-header");
        count.getStyleClass().add("panel-count");
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button open = new Button();
        open.setId("openTargetsButton");
        open.setGraphic(Icons.icon(Icons.PLUS, 12));
        open.setTooltip(new Tooltip("Open target images or DICOM (Ctrl+O)"));
        open.setOnAction(e -> openFiles.run());
        Button remove = new Button();
        remove.setId("removeTargetButton");
        remove.setGraphic(Icons.icon(Icons.MINUS, 12));
        remove.setTooltip(new Tooltip("Remove the selected targets from the workspace (files stay on disk)"));
        remove.setOnAction(e -> removeSelected.run());
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        HBox head = new HBox(6, header, count, spacer, open, remove);
        head.setAlignment(Pos.CENTER_LEFT);
        head.getStyleClass().add("panel-head");
        list.setId("targetsList");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> new TargetCell());
        Label empty = new Label("No targets yet.\nFile \u203a Open (Ctrl+O)\nor drop images here.");
        empty.getStyleClass().add("placeholder");
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(head, list);
        items.addListener((javafx.collections.ListChangeListener<TargetEntry>) c -> updateCount());
        updateCount();
    }

    private void updateCount() {
        count.setText(Integer.toString(items.size()));
        count.setVisible(!items.isEmpty());
    }

    public ObservableList<TargetEntry> items() {
        return items;
    }

    public ListView<TargetEntry> list() {
        return list;
    }

    /** Sets the thumbnail of a target (built off the FX thread). */
    public void setThumbnail(String targetId, Image image) {
        thumbnails.put(targetId, image);
        list.refresh();
    }

    /** Redraws the rows (after status changes). */
    public void refresh() {
        list.refresh();
    }

    /** Selects the next ({@code +1}) or previous ({@code -1}) target. */
    public void move(int delta) {
        if (items.isEmpty()) {
            return;
        }
        int i = list.getSelectionModel().getSelectedIndex();
        int next = Math.max(0, Math.min(items.size() - 1, i < 0 ? 0 : i + delta));
        list.getSelectionModel().clearAndSelect(next);
        list.scrollTo(next);
    }

    private final class TargetCell extends ListCell<TargetEntry> {
        private final ImageView thumb = new ImageView();
        private final StackPane thumbBox = new StackPane(thumb);
        private final Label name = new Label();
        private final Label status = new Label();
        private final Label reviewed = new Label("\u2713 reviewed");
        private final HBox row;
        private final Tooltip tip = new Tooltip();

        TargetCell() {
            thumb.setFitWidth(64);
            thumb.setFitHeight(48);
            thumb.setPreserveRatio(true);
            thumbBox.setMinSize(64, 48);
            thumbBox.setPrefSize(64, 48);
            thumbBox.getStyleClass().add("thumb");
            name.getStyleClass().add("target-name");
            status.getStyleClass().add("status");
            reviewed.getStyleClass().add("reviewed");
            HBox line = new HBox(8, status, reviewed);
            VBox text = new VBox(3, name, line);
            text.setAlignment(Pos.CENTER_LEFT);
            row = new HBox(10, thumbBox, text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setPadding(new Insets(4, 2, 4, 2));
        }

        @Override
        protected void updateItem(TargetEntry t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            name.setText(t.name());
            status.setText("\u25CF " + t.status().label());
            for (TargetStatus s : TargetStatus.values()) {
                status.getStyleClass().remove("status-" + s.name().toLowerCase());
            }
            status.getStyleClass().add("status-" + t.status().name().toLowerCase());
            reviewed.setVisible(t.reviewed());
            reviewed.setManaged(t.reviewed());
            thumb.setImage(thumbnails.get(t.id()));
            tip.setText(t.source() + (t.problem() != null ? "\n" + t.problem() : ""));
            setTooltip(tip);
            setText(null);
            setGraphic(row);
        }
    }
}
