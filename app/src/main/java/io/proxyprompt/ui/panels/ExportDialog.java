package io.proxyprompt.ui.panels;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;

/** Asks where and what to export: PNG masks per object, a label map, measurements CSV, DICOM SEG. */
public final class ExportDialog extends Dialog<ExportDialog.Choice> {

    /** The user's choice. */
    public record Choice(Path outDir, boolean pngPerObject, boolean labelMap, boolean csv, boolean seg,
                         boolean selectedOnly) {
    }

    private final TextField folder = new TextField();

    /**
     * @param toCheck targets whose results a quality check flagged (or that failed): the dialog says they go out
     *                with their flags, so nobody mistakes them for checked results
     */
    public ExportDialog(Window owner, Path initialFolder, int targets, int selected, int dicomTargets,
                        int toCheck) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Export results");
        setHeaderText("Export masks and measurements");
        folder.setId("exportFolder");
        folder.setText(initialFolder.toString());
        folder.setPrefColumnCount(34);
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse\u2026");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Export to folder");
            File dir = dc.showDialog(getDialogPane().getScene().getWindow());
            if (dir != null) {
                folder.setText(dir.getPath());
            }
        });
        CheckBox png = new CheckBox("PNG mask per object   (<target>/<object>.png, 0/255)");
        png.setId("exportPng");
        png.setSelected(true);
        CheckBox labels = new CheckBox("Label map per target and support set   (1..N in the set's object order, "
                + "later objects over earlier)");
        labels.setId("exportLabels");
        CheckBox csv = new CheckBox("Measurements CSV   (areas, cup-to-disc ratios, vessel fraction, quality flags)");
        csv.setId("exportCsv");
        csv.setSelected(true);
        CheckBox seg = new CheckBox("DICOM SEG for DICOM targets (" + dicomTargets + " of " + targets + ")");
        seg.setId("exportSeg");
        seg.setSelected(dicomTargets > 0);
        seg.setDisable(dicomTargets == 0);
        seg.setTooltip(new Tooltip("One Segmentation object per DICOM series; photographs are exported as PNG"));
        ToggleGroup scope = new ToggleGroup();
        RadioButton all = new RadioButton("All targets (" + targets + ")");
        all.setToggleGroup(scope);
        all.setSelected(true);
        RadioButton sel = new RadioButton("Selected targets (" + selected + ")");
        sel.setId("exportSelectedOnly");
        sel.setToggleGroup(scope);
        sel.setDisable(selected == 0);
        Label note = new Label("Files are written atomically; you will be asked before anything is overwritten.");
        note.getStyleClass().add("muted");
        Label check = new Label("\u26A0 " + toCheck + " of " + targets + " target" + (targets == 1 ? "" : "s")
                + " still to check (a quality flag or a failed run): they are exported as they are, and the CSV's qc"
                + " column says why.");
        check.setId("exportToCheck");
        check.getStyleClass().add("check-note");
        check.setWrapText(true);
        check.setMaxWidth(560);
        check.setVisible(toCheck > 0);
        check.setManaged(toCheck > 0);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(10));
        g.addRow(0, new Label("Folder"), new HBox(6, folder, browse));
        g.addRow(1, new Label("Write"), png);
        g.add(labels, 1, 2);
        g.add(csv, 1, 3);
        g.add(seg, 1, 4);
        g.addRow(5, new Label("Targets"), new HBox(16, all, sel));
        g.add(check, 1, 6);
        g.add(note, 1, 7);
        getDialogPane().setContent(g);
        getDialogPane().getButtonTypes().addAll(new ButtonType("Export", ButtonType.OK.getButtonData()),
                ButtonType.CANCEL);
        var css = ExportDialog.class.getResource("/io/proxyprompt/ui/workstation.css");
        if (css != null) {
            getDialogPane().getStylesheets().add(css.toExternalForm());
        }
        Button ok = (Button) getDialogPane().lookupButton(getDialogPane().getButtonTypes().get(0));
        ok.setId("exportConfirm");
        ok.disableProperty().bind(folder.textProperty().isEmpty().or(png.selectedProperty().not()
                .and(labels.selectedProperty().not()).and(csv.selectedProperty().not())
                .and(seg.selectedProperty().not())));
        setResultConverter(b -> b != null && b.getButtonData() == ButtonType.OK.getButtonData()
                ? new Choice(Path.of(folder.getText().strip()), png.isSelected(), labels.isSelected(),
                csv.isSelected(), seg.isSelected() && !seg.isDisabled(), sel.isSelected())
                : null);
    }
}
