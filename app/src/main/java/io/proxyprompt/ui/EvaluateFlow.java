package io.proxyprompt.ui;

import io.proxyprompt.application.EvaluationCsv;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.ui.panels.EvaluationView;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.application.SegmentationEngine;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Segment › Evaluate on annotated cases: asks for a folder of image/mask pairs, K supports, repeats and seed, runs
 * {@link Evaluator} on the compute thread (progress, Cancel) and shows the Dice per object and per case; the
 * per-image CSV can be saved.
 */
final class EvaluateFlow {

    private final Services services;
    private final Supplier<Optional<SegmentationEngine>> engine;
    private final Supplier<EngineStatus> status;
    private final Notifier notifier;
    private final PairsFolderField folder;
    private final Spinner<Integer> supports = new Spinner<>(1, 16, 1);
    private final Spinner<Integer> repeats = new Spinner<>(1, 50, 5);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 0);
    private final Spinner<Integer> clicks = new Spinner<>(0, 20, 0);
    private final Button run = new Button("Evaluate");
    private final Button cancel = new Button("Cancel");
    private final Button save = new Button("Save per-image CSV\u2026");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    private EvaluationView view; // made when the window first opens (its table and charts cost start-up time)
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty notReady = new SimpleBooleanProperty(true);
    private Stage stage;
    private ProgressTask<EvaluationReport> task;
    private EvaluationReport report;
    private Path reportFolder;

    EvaluateFlow(Services services, Supplier<Optional<SegmentationEngine>> engine, Supplier<EngineStatus> status,
                 Notifier notifier) {
        this.services = services;
        this.engine = engine;
        this.status = status;
        this.notifier = notifier;
        this.folder = new PairsFolderField("evaluate", "Folder with <case>.jpg|png|dcm images and "
                + "<case>_<object>.png masks", services.background(), () -> stage);
    }

    /** Shows the evaluation window (one per main window; shown again if already open). */
    Stage show(javafx.stage.Window owner) {
        if (stage == null) {
            stage = PairsFolderField.toolWindow(owner, "Evaluate on annotated cases", build(), 1000, 720);
        }
        refreshRunnable();
        stage.show();
        stage.toFront();
        return stage;
    }

    private BorderPane build() {
        supports.setId("evaluateSupports");
        repeats.setId("evaluateRepeats");
        seed.setId("evaluateSeed");
        clicks.setId("evaluateClicks");
        for (Spinner<Integer> s : List.of(supports, repeats, seed, clicks)) {
            s.setEditable(true);
            s.setPrefWidth(110);
        }
        supports.setTooltip(new Tooltip("K: annotated cases drawn at random as the support set in each repeat"));
        repeats.setTooltip(new Tooltip("How many times new supports are drawn; the spread across repeats shows "
                + "how much the result depends on the support chosen"));
        seed.setTooltip(new Tooltip("The same seed draws the same supports (reproducible)"));
        clicks.setTooltip(new Tooltip("After each automatic result, up to this many simulated clicks (centre of the"
                + " largest error region against the expert mask); draws Dice against clicks and NoC@85/90. Needs a"
                + " click-trained model"));

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Annotated cases"), new HBox(6, folder.field(), folder.browseButton()));
        form.add(folder.found(), 1, 1);
        form.addRow(2, new Label("Supports (K)"), new HBox(18, supports, new Label("Repeats"), repeats,
                new Label("Seed"), seed, new Label("Clicks"), clicks));
        GridPane.setHgrow(form.getChildren().get(1), Priority.ALWAYS);

        run.setId("evaluateRun");
        run.getStyleClass().add("primary");
        run.setGraphic(Icons.icon(Icons.RUN, 12));
        run.setOnAction(e -> start());
        run.disableProperty().bind(running.or(notReady));
        cancel.setId("evaluateCancel");
        cancel.setGraphic(Icons.icon(Icons.STOP, 12));
        cancel.setOnAction(e -> cancel());
        cancel.disableProperty().bind(running.not());
        save.setId("evaluateSave");
        save.setGraphic(Icons.icon(Icons.EXPORT, 12));
        save.setDisable(true);
        save.setOnAction(e -> chooseCsv());
        progress.setId("evaluateProgress");
        progress.setPrefWidth(220);
        progress.visibleProperty().bind(running);
        message.setId("evaluateMessage");
        message.setWrapText(true);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox actions = new HBox(8, run, cancel, progress, message, save);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox head = new VBox(10, form, actions);
        head.setPadding(new Insets(0, 0, 10, 0));
        BorderPane pane = new BorderPane(view());
        pane.setTop(head);
        pane.setPadding(new Insets(14));
        pane.getStyleClass().addAll("workstation", "evaluate-pane");
        return pane;
    }

    void setFolder(Path dir) {
        folder.set(dir);
    }

    /** The number of simulated clicks per case (0: none). */
    void setClicks(int n) {
        clicks.getValueFactory().setValue(n);
    }

    void setPlan(int k, int r, int s) {
        supports.getValueFactory().setValue(k);
        repeats.getValueFactory().setValue(r);
        seed.getValueFactory().setValue(s);
    }

    /** Enables Evaluate when the engine is ready, else says why (e.g. the model is still loading). */
    void refreshRunnable() {
        EngineStatus s = status.get();
        boolean ready = engine.get().isPresent() && s.available();
        notReady.set(!ready);
        if (!ready) {
            run.setTooltip(new Tooltip(s.unavailableReason()));
            message.setText(s.unavailableReason());
        } else {
            run.setTooltip(new Tooltip("Evaluate on " + s.model() + " (" + s.device() + ")"));
            if (!running.get() && report == null) {
                message.setText("");
            }
        }
    }

    /** Starts the evaluation in the background; problems are shown in the window and as a notification. */
    void start() {
        refreshRunnable();
        Optional<SegmentationEngine> service = engine.get();
        if (running.get() || service.isEmpty() || !status.get().available()) {
            return;
        }
        String text = folder.text();
        if (text.isEmpty()) {
            problem("Choose the folder of annotated cases first");
            return;
        }
        Path dir = Path.of(text);
        int k = supports.getValue();
        int r = repeats.getValue();
        long s = seed.getValue();
        int n = clicks.getValue();
        if (n > 0 && service.get().clicksUnavailable() != null) {
            problem("Clicks cannot be simulated: " + service.get().clicksUnavailable());
            return;
        }
        message.getStyleClass().remove("error-text");
        view().clear();
        report = null;
        save.setDisable(true);
        running.set(true);
        task = new ProgressTask<>("Evaluate", (listener, token) -> {
            PairsFolder pairs = PairsFolder.scan(dir);
            if (pairs.objects().isEmpty()) {
                throw new IOException(dir + " holds no <case>.<ext> image with a <case>_<object>.png mask; "
                        + "put each image beside its masks (e.g. case1.jpg, case1_disc.png)");
            }
            return service.get().evaluate(services.images(), pairs,
                    new Evaluator.Plan(pairs.objects(), k, r, s, n), listener, token);
        });
        progress.progressProperty().bind(task.progressProperty());
        message.textProperty().bind(task.messageProperty());
        services.background().compute(task, done -> {
            stopped();
            report = done;
            reportFolder = dir;
            view().show(done, String.format(Locale.ROOT, "%s \u2014 K = %d support%s, %d repeat%s, seed %d%s; %s",
                    dir, k, k == 1 ? "" : "s", r, r == 1 ? "" : "s", s, n == 0 ? "" : ", up to " + n + " clicks",
                    status.get().model()));
            message.setText("Done: " + done.rows().size() + " cases segmented");
            save.setDisable(false);
        }, e -> {
            stopped();
            if (e instanceof CancelledException) {
                message.setText("Cancelled");
            } else {
                problem("Evaluation stopped: " + e.getMessage());
            }
        });
        task.setOnCancelled(e -> {
            stopped();
            message.setText("Cancelled");
        });
    }

    private void stopped() {
        running.set(false);
        progress.progressProperty().unbind();
        message.textProperty().unbind();
    }

    private void problem(String text) {
        if (!message.getStyleClass().contains("error-text")) {
            message.getStyleClass().add("error-text");
        }
        message.setText(text);
        notifier.error(text);
    }

    void cancel() {
        if (task != null) {
            task.cancel();
        }
    }

    private void chooseCsv() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the per-image results");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        if (reportFolder != null) {
            Path abs = reportFolder.toAbsolutePath().normalize();
            if (abs.getParent() != null) {
                fc.setInitialDirectory(abs.getParent().toFile());
            }
            fc.setInitialFileName(abs.getFileName() + "-evaluation.csv");
        }
        File f = fc.showSaveDialog(stage);
        if (f != null) {
            saveCsv(f.toPath());
        }
    }

    /** Writes the per-image CSV atomically (the file chooser has already asked before replacing a file). */
    void saveCsv(Path file) {
        EvaluationReport r = report;
        if (r == null) {
            return;
        }
        byte[] bytes = EvaluationCsv.format(r.rows()).getBytes(StandardCharsets.UTF_8);
        services.background().io(new ProgressTask<Void>("Save CSV", (p, c) -> {
            AtomicFiles.write(file, bytes, AtomicFiles.Existing.REPLACE);
            return null;
        }), v -> notifier.info("Saved " + file.getFileName()), e -> problem("Could not write " + file + ": "
                + e.getMessage() + "; choose another folder"));
    }

    // ---- for tests

    EvaluationView view() {
        if (view == null) {
            view = new EvaluationView();
        }
        return view;
    }

    Optional<EvaluationReport> report() {
        return Optional.ofNullable(report);
    }

    BooleanProperty running() {
        return running;
    }

    Label message() {
        return message;
    }
}
