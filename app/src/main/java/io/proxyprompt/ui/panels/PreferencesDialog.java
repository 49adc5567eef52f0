package io.proxyprompt.ui.panels;

import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.PreferenceRepository;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Window;
import org.controlsfx.control.PropertySheet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The preferences dialog: model folder, device, threads, cache size, threshold, overlay opacity and the default
 * object colours, edited in a ControlsFX property sheet and saved per user.
 */
public final class PreferencesDialog extends Dialog<Boolean> {

    private final PreferenceRepository prefs;
    private final List<Item<?>> items = new ArrayList<>();
    private final Label problem = new Label();

    public PreferencesDialog(PreferenceRepository prefs, Window owner) {
        this(prefs, owner, null);
    }

    /** With a second tab for the PACS servers ({@code pacs} may be null: no tab). */
    public PreferencesDialog(PreferenceRepository prefs, Window owner, javafx.scene.Node pacs) {
        this.prefs = prefs;
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Preferences");
        setHeaderText("Preferences (stored for this user)");
        for (PrefKey<?> k : PrefKey.all()) {
            items.add(new Item<>(k));
        }
        PropertySheet sheet = new PropertySheet(javafx.collections.FXCollections.observableArrayList(items));
        sheet.setId("preferencesSheet");
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        sheet.setMode(PropertySheet.Mode.NAME);
        sheet.setPrefSize(520, 380);
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        VBox general = new VBox(8, sheet, problem);
        if (pacs == null) {
            getDialogPane().setContent(general);
        } else {
            javafx.scene.control.Tab generalTab = new javafx.scene.control.Tab("General", general);
            javafx.scene.control.Tab pacsTab = new javafx.scene.control.Tab("PACS servers", pacs);
            pacsTab.setId("pacsTab");
            javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(generalTab, pacsTab);
            tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
            getDialogPane().setContent(tabs);
        }
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        var css = PreferencesDialog.class.getResource("/io/proxyprompt/ui/workstation.css");
        if (css != null) {
            getDialogPane().getStylesheets().add(css.toExternalForm());
        }
        getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!save()) {
                e.consume();
            }
        });
        setResultConverter(b -> b == ButtonType.OK ? Boolean.TRUE : null);
    }

    private boolean save() {
        try {
            for (Item<?> i : items) {
                i.store();
            }
            prefs.save();
            return true;
        } catch (IllegalArgumentException e) {
            problem.setText("Not saved: " + e.getMessage());
        } catch (IOException e) {
            problem.setText("Could not write the preferences file (" + e.getMessage()
                    + "); check that your home folder is writable");
        }
        return false;
    }

    /** One preference as a property sheet row, edited as text, number, choice or colour. */
    private final class Item<T> implements PropertySheet.Item {
        private final PrefKey<T> key;
        private Object value;

        Item(PrefKey<T> key) {
            this.key = key;
            T v = prefs.get(key);
            value = v instanceof Path p ? p.toString() : key.name().startsWith("colour.") ? Color.web((String) v) : v;
        }

        @Override
        public Class<?> getType() {
            if (key.name().startsWith("colour.")) {
                return Color.class;
            }
            return key.type() == Path.class ? String.class : key.type();
        }

        @Override
        public String getCategory() {
            String n = key.name();
            return n.startsWith("colour.") || n.startsWith("view.") ? "Display"
                    : n.startsWith("segment.") ? "Segmentation" : "Model and device";
        }

        @Override
        public String getName() {
            return key.label();
        }

        @Override
        public String getDescription() {
            return key.label() + " (default " + key.format().apply(key.defaultValue()) + ")";
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public void setValue(Object v) {
            value = v;
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }

        void store() {
            String text;
            if (value instanceof Color c) {
                text = String.format("#%02X%02X%02X", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                        Math.round(c.getBlue() * 255));
            } else if (value instanceof Enum<?> e) {
                text = e.name();
            } else {
                text = String.valueOf(value);
            }
            try {
                prefs.put(key, key.parse().apply(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key.label() + ": " + e.getMessage(), e);
            }
        }
    }
}
