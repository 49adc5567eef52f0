package io.proxyprompt.ui.panels;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The targets list on the left: a thumbnail, the name and the status of every opened target. A result a quality
 * check flagged reads "Check: <reason>" in amber, a result made with another support set than the one selected
 * now reads "out of date", and a switch shows only the targets to check.
 */
public final class TargetsPanel extends VBox {

    private final ObservableList<TargetEntry> items = FXCollections.observableArrayList();
    private final FilteredList<TargetEntry> shown = new FilteredList<>(items);
    private final ListView<TargetEntry> list = new ListView<>(shown);
    private final Map<String, Image> thumbnails = new HashMap<>();
    private final Label count = new Label();
    private final HBox head;
    private final BooleanProperty onlyToCheck = new SimpleBooleanProperty();
    private final Label filterNote = new Label();
    private final javafx.beans.property.IntegerProperty toCheck = new javafx.beans.property.SimpleIntegerProperty();
    /** The cells the list has made (it keeps a screenful and reuses them). */
    private final java.util.Set<TargetCell> cells = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    /** Batches the row redraws of a run: the rows are shown again at most this often while results come in. */
    private final io.proxyprompt.ui.tasks.FxDelay refreshLater = new io.proxyprompt.ui.tasks.FxDelay(250, this::refresh);

    public TargetsPanel() {
        setId("targetsPanel");
        getStyleClass().addAll("side-panel", "targets-panel");
        Label header = new Label("TARGETS");
        header.getStyleClass().add("panel-header");
        header.setMinWidth(Label.USE_PREF_SIZE);
        count.setId("targetCount");
        count.getStyleClass().add("panel-count");
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        head = new HBox(6, header, count, spacer);
        head.setAlignment(Pos.CENTER_LEFT);
        head.getStyleClass().add("panel-head");
        list.setId("targetsList");
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setCellFactory(v -> {
            TargetCell c = new TargetCell();
            cells.add(c);
            return c;
        });
        Label empty = new Label("No targets yet.\nFile \u203a Open (Ctrl+O)\nor drop images here.");
        empty.getStyleClass().add("placeholder");
        list.setPlaceholder(empty);
        filterNote.setId("checkFilterNote");
        filterNote.getStyleClass().add("hint");
        filterNote.setWrapText(true);
        filterNote.visibleProperty().bind(onlyToCheck);
        filterNote.managedProperty().bind(onlyToCheck);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(head, filterNote, list);
        items.addListener((javafx.collections.ListChangeListener<TargetEntry>) c -> updateCount());
        onlyToCheck.addListener((o, a, on) -> refresh());
        updateCount();
    }

    /** Whether a target is one to check: a quality flag on its result, or a run that failed on it. */
    public static boolean toCheck(TargetEntry t) {
        return flagged(t) || t.status() == TargetStatus.FAILED;
    }

    /** A result with a quality flag (also after a correction that did not clear it). */
    private static boolean flagged(TargetEntry t) {
        return (t.status() == TargetStatus.CHECK || t.status() == TargetStatus.DONE
                || t.status() == TargetStatus.EDITED) && !t.quality().isClean();
    }

    /** Puts buttons (open, remove, the filter switch) at the right of the header. */
    public void setHeadButtons(Node... buttons) {
        head.getChildren().addAll(buttons);
    }

    /** How many targets are to check now (for the filter's label). */
    public javafx.beans.property.ReadOnlyIntegerProperty toCheckCount() {
        return toCheck;
    }

    /** When true, the list shows only the targets to check. */
    public BooleanProperty onlyToCheckProperty() {
        return onlyToCheck;
    }

    private void updateCount() {
        long check = items.stream().filter(TargetsPanel::toCheck).count();
        toCheck.set((int) check);
        count.setText(Integer.toString(items.size()));
        count.setVisible(!items.isEmpty());
        filterNote.setText(shown.size() + " of " + items.size() + " targets shown: only those to check");
    }

    /** Every target (whether shown or filtered out). */
    public ObservableList<TargetEntry> items() {
        return items;
    }

    public ListView<TargetEntry> list() {
        return list;
    }

    /** The thumbnail shown for a target, or null while it has none. */
    public Image thumbnail(String targetId) {
        return thumbnails.get(targetId);
    }

    /** Sets the thumbnail of a target (built off the FX thread). */
    public void setThumbnail(String targetId, Image image) {
        if (thumbnails.put(targetId, image) == image) {
            return;
        }
        // only the row of that target is shown again (ListView.refresh() would rebuild every row)
        cells.stream().filter(c -> c.getItem() != null && c.getItem().id().equals(targetId))
                .forEach(TargetCell::showAgain);
    }

    /**
     * Redraws the rows soon, once for every call made meanwhile (a run's results come in one by one; rebuilding
     * every row for each of them would slow the run down).
     */
    public void refreshSoon() {
        if (!refreshLater.isPending()) {
            refreshLater.playFromStart();
        }
    }

    /** Redraws the rows (after status changes) and applies the filter again. */
    public void refresh() {
        refreshLater.stop();
        List<TargetEntry> selected = List.copyOf(list.getSelectionModel().getSelectedItems());
        // statuses change in place: the same predicate set again would not filter again, so clear it first
        shown.setPredicate(null);
        if (onlyToCheck.get()) {
            shown.setPredicate(TargetsPanel::toCheck);
        }
        for (TargetEntry t : selected) {
            int i = shown.indexOf(t);
            if (i >= 0 && !list.getSelectionModel().getSelectedIndices().contains(i)) {
                list.getSelectionModel().select(i);
            }
        }
        updateCount();
        // each row shows its target again; ListView.refresh() would instead throw every cell away and build new ones,
        // which in software rendering repaints the whole list for one target's new status
        cells.forEach(TargetCell::showAgain);
    }

    /** Selects the next ({@code +1}) or previous ({@code -1}) target of those shown. */
    public void move(int delta) {
        if (shown.isEmpty()) {
            return;
        }
        int i = list.getSelectionModel().getSelectedIndex();
        int next = Math.max(0, Math.min(shown.size() - 1, i < 0 ? 0 : i + delta));
        list.getSelectionModel().clearAndSelect(next);
        list.scrollTo(next);
    }

    /** The words under a target's name, e.g. "Check: cup: the cup covers the disc" or "Done · out of date". */
    public static String statusText(TargetEntry t) {
        String text = flagged(t) ? "\u26A0 Check: " + t.quality().summary()
                + (t.status() == TargetStatus.EDITED ? " (edited)" : "") : "\u25CF " + t.status().label();
        return t.stale() ? text + "  \u00b7  out of date" : text;
    }

    /** The tool tip of a target's row: its file, and what is wrong or old about its result. */
    public static String tooltipText(TargetEntry t) {
        StringBuilder sb = new StringBuilder(t.source().toString());
        if (!t.quality().isClean()) {
            sb.append("\nCheck: ").append(t.quality().summary())
                    .append("\n(a quality check found the result implausible; look before trusting it)");
        }
        if (t.stale()) {
            sb.append("\nOut of date: the selected support set changed (or another set is selected) since this "
                    + "target was segmented; run Segment again");
        }
        if (t.problem() != null) {
            sb.append('\n').append(t.problem());
        }
        return sb.toString();
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
            status.setWrapText(true);
            // wrap inside the list (thumbnail, gaps and scroll bar take about 110 px)
            status.maxWidthProperty().bind(list.widthProperty().subtract(110));
            name.maxWidthProperty().bind(list.widthProperty().subtract(110));
            reviewed.getStyleClass().add("reviewed");
            reviewed.setMinWidth(Label.USE_PREF_SIZE);
            VBox text = new VBox(3, name, status, reviewed);
            text.setAlignment(Pos.CENTER_LEFT);
            row = new HBox(10, thumbBox, text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setPadding(new Insets(4, 2, 4, 2));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
        }

        /** Shows its target again (its status, result or thumbnail changed). */
        void showAgain() {
            updateItem(getItem(), isEmpty());
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
            status.setText(statusText(t));
            // style classes changed only when they differ: a class removed and added again is a CSS pass and a repaint
            List<String> styles = new ArrayList<>(List.of("status",
                    "status-" + (flagged(t) ? TargetStatus.CHECK : t.status()).name().toLowerCase()));
            if (t.stale()) {
                styles.add("stale");
            }
            if (!status.getStyleClass().equals(styles)) {
                status.getStyleClass().setAll(styles);
            }
            reviewed.setVisible(t.reviewed());
            reviewed.setManaged(t.reviewed());
            thumb.setImage(thumbnails.get(t.id()));
            tip.setText(tooltipText(t));
            setTooltip(tip);
            setText(null);
            setGraphic(row);
        }
    }
}
