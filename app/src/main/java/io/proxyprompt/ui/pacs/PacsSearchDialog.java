package io.proxyprompt.ui.pacs;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.pacs.RemoteSeries;
import io.proxyprompt.pacs.RemoteStudy;
import io.proxyprompt.pacs.StudyQuery;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * File › Open from PACS: a server from the PACS list, search fields (patient name and ID, study dates, modality,
 * study description), and the studies found with their series below them (with a thumbnail where the server
 * renders one). The search and the series are fetched in the background; the dialog returns the series to open.
 */
public final class PacsSearchDialog extends Dialog<PacsSearchDialog.Selection> {

    /** What the user chose: the series to retrieve (image series of chosen studies included) from one server. */
    public record Selection(PacsServer server, List<RemoteSeries> series, List<RemoteStudy> wholeStudies) { }

    /** One row: a study, or one of its series (then {@code series} is set). */
    record Row(RemoteStudy study, RemoteSeries series) {
        boolean isSeries() {
            return series != null;
        }
    }

    private static final int THUMB = 48;
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    private final Background background;
    private final DicomParser parser;
    final ComboBox<PacsServer> server = new ComboBox<>();
    final TextField patientName = field("pacsPatientName", "e.g. doe");
    final TextField patientId = field("pacsPatientId", "exact ID");
    final DatePicker from = new DatePicker();
    final DatePicker to = new DatePicker();
    final ComboBox<String> modality = new ComboBox<>(FXCollections.observableArrayList("", "OP", "XC", "CT", "MR",
            "US", "CR", "DX", "SM", "SEG"));
    final TextField description = field("pacsDescription", "words in the study description");
    final Button search = new Button("Search");
    final TreeTableView<Row> results = new TreeTableView<>(new TreeItem<>());
    final Label status = new Label("Choose a server and search; leave fields empty to list recent studies.");
    private final Map<String, Image> thumbnails = new HashMap<>();
    private final javafx.beans.property.BooleanProperty busy = new javafx.beans.property.SimpleBooleanProperty();
    private DicomWebClient client;

    public PacsSearchDialog(Window owner, List<PacsServer> servers, Background background, DicomParser parser) {
        this.background = background;
        this.parser = parser;
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Open from PACS");
        setHeaderText("Search a PACS and open series as targets");
        setResizable(true);
        server.setId("pacsServer");
        server.getItems().setAll(servers);
        server.setCellFactory(l -> new ServerCell());
        server.setButtonCell(new ServerCell());
        if (!servers.isEmpty()) {
            server.getSelectionModel().select(0);
        }
        from.setId("pacsFrom");
        to.setId("pacsTo");
        from.setPromptText("from");
        to.setPromptText("to");
        modality.setId("pacsModality");
        modality.setEditable(true);
        modality.setPrefWidth(90);
        search.setId("pacsSearch");
        search.setDefaultButton(true);
        search.setOnAction(e -> search());
        search.disableProperty().bind(server.valueProperty().isNull().or(busy));
        status.setId("pacsStatus");
        status.setWrapText(true);
        status.getStyleClass().add("muted");

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("Server"), server);
        GridPane.setColumnSpan(server, 3);
        form.addRow(1, new Label("Patient name"), patientName, new Label("Patient ID"), patientId);
        form.addRow(2, new Label("Study date"), new HBox(6, from, new Label("to"), to), new Label("Modality"),
                modality);
        form.addRow(3, new Label("Description"), description, new Label(), search);

        results.setId("pacsResults");
        results.setShowRoot(false);
        results.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        results.setPlaceholder(new Label(servers.isEmpty()
                ? "No PACS server yet: add one in File › Preferences › PACS servers" : "No studies to show"));
        TreeTableColumn<Row, String> names = column("Patient / series", 250, r -> r.isSeries()
                        ? "Series " + r.series().seriesNumber() + "  " + r.series().seriesDescription()
                        : r.study().patientName().replace('^', ' '));
        results.getColumns().setAll(List.of(
                thumbnailColumn(),
                names,
                column("Patient ID", 100, r -> r.isSeries() ? "" : r.study().patientId()),
                column("Date", 90, r -> r.isSeries() ? "" : date(r.study().studyDate())),
                column("Study description", 190, r -> r.isSeries() ? "" : r.study().studyDescription()),
                column("Modality", 80, r -> r.isSeries() ? r.series().modality() : r.study().modalities()),
                column("Images", 60, r -> count(r.isSeries() ? r.series().instanceCount() : r.study().instanceCount()))));
        results.setTreeColumn(names); // the expand arrows beside the names, the thumbnails unindented
        results.setPrefSize(880, 360);
        VBox.setVgrow(results, Priority.ALWAYS);

        VBox content = new VBox(10, form, results, status);
        content.setPadding(new Insets(4));
        getDialogPane().setContent(content);
        ButtonType open = new ButtonType("Open", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(open, ButtonType.CANCEL);
        Button openButton = (Button) getDialogPane().lookupButton(open);
        openButton.setId("pacsOpen");
        openButton.setDefaultButton(false);
        openButton.disableProperty().bind(results.getSelectionModel().selectedItemProperty().isNull());
        var css = PacsSearchDialog.class.getResource("/io/proxyprompt/ui/workstation.css");
        if (css != null) {
            getDialogPane().getStylesheets().add(css.toExternalForm());
        }
        setResultConverter(b -> b == open ? selection() : null);
    }

    private static TextField field(String id, String prompt) {
        TextField t = new TextField();
        t.setId(id);
        t.setPromptText(prompt);
        return t;
    }

    private TreeTableColumn<Row, String> column(String title, double width, Function<Row, String> value) {
        TreeTableColumn<Row, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getValue() == null ? ""
                : value.apply(p.getValue().getValue())));
        return c;
    }

    private TreeTableColumn<Row, String> thumbnailColumn() {
        TreeTableColumn<Row, String> c = new TreeTableColumn<>("");
        c.setPrefWidth(THUMB + 12);
        c.setCellValueFactory(p -> new ReadOnlyStringWrapper(p.getValue().getValue() != null
                && p.getValue().getValue().isSeries() ? p.getValue().getValue().series().seriesInstanceUid() : ""));
        c.setCellFactory(col -> new TreeTableCell<>() {
            private final ImageView view = new ImageView();

            @Override
            protected void updateItem(String uid, boolean empty) {
                super.updateItem(uid, empty);
                Image i = empty || uid == null ? null : thumbnails.get(uid);
                view.setImage(i);
                setGraphic(i == null ? null : view);
            }
        });
        return c;
    }

    private static String date(String da) {
        try {
            return da.isEmpty() ? "" : LocalDate.parse(da, DA).toString();
        } catch (DateTimeParseException e) {
            return da;
        }
    }

    private static String count(int n) {
        return n < 0 ? "" : Integer.toString(n);
    }

    /** Runs the search on the chosen server in the background and shows the studies. */
    void search() {
        PacsServer s = server.getValue();
        StudyQuery query;
        try {
            query = new StudyQuery(patientName.getText(), patientId.getText(), from.getValue(), to.getValue(),
                    modality.getEditor().getText(), description.getText(), 200);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        status.getStyleClass().remove("error-text");
        status.setText("Searching " + s.name() + "\u2026");
        busy.set(true);
        background.io(new ProgressTask<>("PACS search", (p, c) -> {
            DicomWebClient cl = new DicomWebClient(s, parser);
            return Map.entry(cl, cl.searchStudies(query, c));
        }), found -> {
            client = found.getKey();
            busy.set(false);
            showStudies(found.getValue());
        }, e -> {
            busy.set(false);
            fail(e.getMessage());
        });
    }

    private void showStudies(List<RemoteStudy> studies) {
        TreeItem<Row> root = results.getRoot();
        root.getChildren().clear();
        for (RemoteStudy st : studies) {
            TreeItem<Row> item = new TreeItem<>(new Row(st, null));
            item.getChildren().add(new TreeItem<>()); // placeholder until expanded
            item.expandedProperty().addListener((o, was, now) -> {
                if (now) {
                    loadSeries(item);
                }
            });
            root.getChildren().add(item);
        }
        status.setText(studies.isEmpty() ? "No study matches on " + server.getValue().name()
                : studies.size() + " stud" + (studies.size() == 1 ? "y" : "ies") + " found; expand one to see its"
                + " series, select studies or series and click Open");
    }

    private void loadSeries(TreeItem<Row> studyItem) {
        if (studyItem.getChildren().size() != 1 || studyItem.getChildren().get(0).getValue() != null) {
            return; // loaded already
        }
        RemoteStudy st = studyItem.getValue().study();
        DicomWebClient cl = client;
        background.io(new ProgressTask<>("PACS series", (p, c) -> cl.searchSeries(st.studyInstanceUid(), c)),
                series -> {
                    studyItem.getChildren().setAll(series.stream().map(s -> new TreeItem<>(new Row(st, s))).toList());
                    series.forEach(s -> loadThumbnail(cl, s));
                }, e -> fail(e.getMessage()));
    }

    private void loadThumbnail(DicomWebClient cl, RemoteSeries s) {
        if (s.isSegmentation()) {
            return;
        }
        background.io(new ProgressTask<>("PACS thumbnail", (p, c) -> cl.thumbnail(s.studyInstanceUid(),
                s.seriesInstanceUid(), THUMB, c)), bytes -> bytes.ifPresent(b -> {
                    Image i = new Image(new ByteArrayInputStream(b), THUMB, THUMB, true, true);
                    if (!i.isError()) {
                        thumbnails.put(s.seriesInstanceUid(), i);
                        results.refresh();
                    }
                }), e -> { });
    }

    private void fail(String message) {
        if (!status.getStyleClass().contains("error-text")) {
            status.getStyleClass().add("error-text");
        }
        status.setText(message);
    }

    private Selection selection() {
        Set<RemoteSeries> series = new LinkedHashSet<>();
        List<RemoteStudy> studies = new ArrayList<>();
        for (TreeItem<Row> item : results.getSelectionModel().getSelectedItems()) {
            if (item == null || item.getValue() == null) {
                continue;
            }
            if (item.getValue().isSeries()) {
                series.add(item.getValue().series());
            } else {
                studies.add(item.getValue().study());
            }
        }
        return new Selection(server.getValue(), List.copyOf(series), studies);
    }

    /** Chooses {@code s} when it is in the list (the server used last). */
    public void preselect(PacsServer s) {
        if (server.getItems().contains(s)) {
            server.getSelectionModel().select(s);
        }
    }

    private static final class ServerCell extends ListCell<PacsServer> {
        @Override
        protected void updateItem(PacsServer s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty || s == null ? null : s.name() + "  (" + s.root() + ")");
        }
    }
}
