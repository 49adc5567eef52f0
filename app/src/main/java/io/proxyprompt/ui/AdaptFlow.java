package io.proxyprompt.ui;

import io.proxyprompt.application.AcceptedCases;
import io.proxyprompt.application.HeldOutComparison;
import io.proxyprompt.application.ModelAdaptation;
import io.proxyprompt.application.PythonBackend;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.ui.panels.AdaptationChart;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Segment › Adapt model to annotated cases: takes a pairs folder or the accepted targets of this workspace (their
 * corrected masks are the clinic's annotations), minutes and the cases held out, runs {@link ModelAdaptation} on its
 * own background thread (steps, loss, minutes left, Cancel), writes the new model under
 * {@code <workspace>/models} (the base model is never changed) and shows what it changed on the held-out cases,
 * with "Use this model".
 */
final class AdaptFlow {

    /** Cases the training code needs to train on (finetune.py's MIN_TRAINING_PAIRS), besides the held-out ones. */
    private static final int MIN_TRAINING_CASES = 3;

    private static final ModelAdaptation.Request DEFAULTS = ModelAdaptation.Request.of(Path.of("."), Path.of("."),
            Path.of("."));

    private final Services services;
    private final Notifier notifier;
    private final Consumer<Path> useModel;
    private final ToggleGroup source = new ToggleGroup();
    private final RadioButton fromFolder = new RadioButton("Pairs folder");
    private final RadioButton fromWorkspace = new RadioButton("The accepted targets of this workspace");
    private final PairsFolderField folder;
    private final Spinner<Double> minutes = new Spinner<>(0.1, 600, DEFAULTS.minutes(), 1);
    private final Spinner<Integer> holdout = new Spinner<>(0, 64, DEFAULTS.holdout());
    private final CheckBox keep = new CheckBox("Keep the objects your cases lack (mix in synthetic images)");
    private final Label where = new Label();
    private final Button run = new Button("Adapt");
    private final Button cancel = new Button("Cancel");
    private final Button use = new Button("Use this model");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label message = new Label();
    /** Whether the message now says that Python or PyTorch is missing (cleared when they are found). */
    private boolean backendProblemShown;
    private final AdaptationChart chart = new AdaptationChart();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty noBackend = new SimpleBooleanProperty();
    private Stage stage;
    private ProgressTask<ModelAdaptation.Result> task;
    private ModelAdaptation.Result result;

    /** @param useModel switches the window to a model folder ("Use this model") */
    AdaptFlow(Services services, Notifier notifier, Consumer<Path> useModel) {
        this.services = services;
        this.notifier = notifier;
        this.useModel = useModel;
        this.folder = new PairsFolderField("adapt", "Folder with <case>.jpg|png|tif images and <case>_<object>.png"
                + " masks", services.background(), () -> stage);
    }

    /** Shows the window (one per main window; shown again if already open) and checks for the backend. */
    Stage show(javafx.stage.Window owner) {
        if (stage == null) {
            stage = PairsFolderField.toolWindow(owner, "Adapt model to annotated cases", build(), 980, 700);
        }
        scan();
        checkBackend();
        stage.show();
        stage.toFront();
        return stage;
    }

    private BorderPane build() {
        fromFolder.setId("adaptFromFolder");
        fromWorkspace.setId("adaptFromWorkspace");
        fromFolder.setToggleGroup(source);
        fromWorkspace.setToggleGroup(source);
        source.selectToggle(AcceptedCases.of(services.workspace()).isEmpty() ? fromFolder : fromWorkspace);
        source.selectedToggleProperty().addListener((o, a, b) -> scan());
        folder.field().textProperty().addListener((o, a, b) -> source.selectToggle(fromFolder));
        minutes.setId("adaptMinutes");
        holdout.setId("adaptHoldout");
        minutes.setEditable(true);
        holdout.setEditable(true);
        minutes.setPrefWidth(100);
        holdout.setPrefWidth(90);
        minutes.setTooltip(new Tooltip("Training time; the adaptation stops then (15 minutes is the command's "
                + "default)"));
        holdout.setTooltip(new Tooltip("Cases drawn at random (seeded) and never trained on: the model is "
                + "measured on them before and after, so you see what the adaptation changed"));
        keep.setId("adaptKeep");
        keep.setSelected(DEFAULTS.retain() > 0);
        keep.setTooltip(new Tooltip(String.format(Locale.ROOT, "%.0f %% of the training episodes come from "
                + "synthetic images with every object (disc, cup, vessels), so that the model does not forget "
                + "what your cases do not show (e.g. the vessels when you annotated disc and cup)",
                DEFAULTS.retain() * 100)));
        where.setId("adaptWhere");
        where.getStyleClass().add("muted");
        where.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        HBox folderRow = new HBox(6, fromFolder, folder.field(), folder.browseButton());
        folderRow.setAlignment(Pos.CENTER_LEFT);
        form.addRow(0, new Label("Annotated cases"), folderRow);
        form.add(fromWorkspace, 1, 1);
        form.add(folder.found(), 1, 2);
        HBox budget = new HBox(10, minutes, new Label("Held out"), holdout, keep);
        budget.setAlignment(Pos.CENTER_LEFT);
        form.addRow(3, new Label("Minutes"), budget);
        form.add(where, 1, 4);
        GridPane.setHgrow(folderRow, Priority.ALWAYS);

        for (Button b : List.of(run, cancel)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        progress.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        run.setId("adaptRun");
        run.getStyleClass().add("primary");
        run.setGraphic(Icons.icon(Icons.RUN, 12));
        run.setOnAction(e -> start());
        run.disableProperty().bind(running.or(noBackend));
        cancel.setId("adaptCancel");
        cancel.setGraphic(Icons.icon(Icons.STOP, 12));
        cancel.setOnAction(e -> cancel());
        cancel.disableProperty().bind(running.not());
        use.setId("adaptUse");
        use.getStyleClass().add("primary");
        use.setGraphic(Icons.icon(Icons.CHECK, 12));
        use.setDisable(true);
        use.setOnAction(e -> useResult());
        progress.setId("adaptProgress");
        progress.setPrefWidth(220);
        progress.visibleProperty().bind(running);
        message.setId("adaptMessage");
        message.setWrapText(true);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox actions = new HBox(8, run, cancel, progress, message);
        actions.setAlignment(Pos.CENTER_LEFT);
        HBox end = new HBox(use);
        end.setAlignment(Pos.CENTER_RIGHT);

        VBox head = new VBox(10, form, actions);
        head.setPadding(new Insets(0, 0, 10, 0));
        BorderPane pane = new BorderPane(chart);
        pane.setTop(head);
        pane.setBottom(end);
        BorderPane.setMargin(end, new Insets(10, 0, 0, 0));
        pane.setPadding(new Insets(14));
        pane.getStyleClass().addAll("workstation", "adapt-pane");
        return pane;
    }

    void setFolder(Path dir) {
        folder.set(dir);
    }

    void useWorkspaceTargets() {
        source.selectToggle(fromWorkspace);
    }

    void setBudget(double m, int heldOut, boolean keepOthers) {
        minutes.getValueFactory().setValue(m);
        holdout.getValueFactory().setValue(heldOut);
        keep.setSelected(keepOthers);
    }

    /** Says what the chosen cases are (a folder is scanned off the FX thread) and where the model goes. */
    private void scan() {
        where.setText("Adapts " + services.models().base() + " (never changed) into a new folder under "
                + ModelSource.folderOf(services.workspace().folder()));
        if (source.getSelectedToggle() == fromWorkspace) {
            List<AcceptedCases.Case> cases = AcceptedCases.of(services.workspace());
            folder.found().setText(cases.isEmpty() ? "No accepted target yet: correct a target's masks and accept it "
                    + "(Ctrl+Enter); accepted targets are your annotations"
                    : cases.size() + " accepted target" + (cases.size() == 1 ? "" : "s") + ": "
                    + String.join(", ", cases.stream().flatMap(c -> c.masks().keySet().stream()).distinct()
                    .map(o -> o + " (" + cases.stream().filter(c -> c.masks().containsKey(o)).count() + ")")
                    .toList()));
            return;
        }
        folder.scan();
    }

    /** Looks for Python with PyTorch off the FX thread; when missing, says what to install and disables Adapt. */
    private void checkBackend() {
        services.background().io(new ProgressTask<>("Find Python", (p, c) -> services.models().backend().find()),
                found -> {
                    noBackend.set(false);
                    // only the missing-backend message goes: a finished run's warning stays when the window reopens
                    if (backendProblemShown && !running.get()) {
                        message.getStyleClass().remove("error-text");
                        message.setText("");
                    }
                    backendProblemShown = false;
                }, e -> {
                    noBackend.set(true);
                    problem(e.getMessage());
                    backendProblemShown = true;
                });
    }

    /** Starts the adaptation; problems are shown in the window and as a notification. */
    void start() {
        if (running.get()) {
            return;
        }
        boolean fromTargets = source.getSelectedToggle() == fromWorkspace;
        String text = folder.text();
        if (!fromTargets && text.isEmpty()) {
            problem("Choose the folder of annotated cases first, or the accepted targets of this workspace");
            return;
        }
        List<AcceptedCases.Case> cases = fromTargets ? AcceptedCases.of(services.workspace()) : List.of();
        if (fromTargets && cases.isEmpty()) {
            problem("No accepted target yet: correct a target's masks and accept it (Ctrl+Enter), or choose a "
                    + "pairs folder");
            return;
        }
        if (fromTargets && cases.size() < MIN_TRAINING_CASES + holdout.getValue()) {
            problem(cases.size() + " accepted target" + (cases.size() == 1 ? "" : "s") + ": adapting needs at least "
                    + (MIN_TRAINING_CASES + holdout.getValue()) + " (" + MIN_TRAINING_CASES + " to train on, "
                    + holdout.getValue() + " held out); accept more targets or hold out fewer");
            return;
        }
        Path out = services.models().newAdaptedFolder(services.workspace().folder(), LocalDateTime.now());
        ModelAdaptation.Request request = ModelAdaptation.Request.of(fromTargets
                        ? services.workspace().folder().resolve("adaptation-pairs").resolve(out.getFileName())
                        : Path.of(text), services.models().base(), out)
                .withBudget(minutes.getValue(), 0).withHoldout(holdout.getValue());
        request = new ModelAdaptation.Request(request.pairs(), request.base(), request.out(), request.minutes(),
                request.steps(), request.holdout(), keep.isSelected() ? request.retain() : 0, request.seed(),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        ModelAdaptation.Request r = request;
        message.getStyleClass().remove("error-text");
        backendProblemShown = false;
        message.setText("Starting the training code\u2026");
        progress.setProgress(-1);
        result = null;
        use.setDisable(true);
        use.setText("Use this model");
        running.set(true);
        task = new ProgressTask<>("Adapt model", (listener, token) -> {
            PythonBackend python = services.models().backend().find();
            String written = "";
            if (fromTargets) {
                AcceptedCases.Written w = AcceptedCases.write(cases, services.images(), r.pairs());
                written = w.pairs().cases().size() + " accepted targets written to " + r.pairs()
                        + (w.skipped().isEmpty() ? "" : " (left out: " + String.join("; ", w.skipped()) + ")")
                        + ". ";
                listener.progress(-1, 1, written + "Starting the training code\u2026");
            }
            String before = written + (r.holdout() > 0 ? "Measuring the base model on the " + r.holdout()
                    + " held-out cases\u2026" : "Preparing\u2026");
            return new ModelAdaptation(python).run(r, p -> listener.progress(fraction(p, r), 1000, progressText(p)),
                    line -> {
                        if (line.contains("\"held_out\"")) {
                            listener.progress(-1, 1, before);
                        } else if (line.contains("\"measuring\"")) {
                            listener.progress(-1, 1, "Measuring the adapted model on the held-out cases and "
                                    + "writing it\u2026");
                        }
                    }, token);
        });
        progress.progressProperty().bind(task.progressProperty());
        message.textProperty().bind(task.messageProperty());
        services.background().longRunning(task, this::finished, e -> {
            stopped();
            if (e instanceof CancelledException) {
                message.setText("Cancelled; no model folder was written");
            } else if (e instanceof PythonBackend.MissingException) {
                noBackend.set(true);
                problem(e.getMessage());
            } else {
                problem("Adapting stopped: " + e.getMessage());
            }
        });
    }

    private static long fraction(ModelAdaptation.Progress p, ModelAdaptation.Request r) {
        double f = p.totalSteps() > 0 ? (double) p.step() / p.totalSteps()
                : Double.isNaN(p.minutesLeft()) ? 0 : 1 - p.minutesLeft() / r.minutes();
        return Math.round(Math.max(0, Math.min(1, f)) * 1000);
    }

    private static String progressText(ModelAdaptation.Progress p) {
        return String.format(Locale.ROOT, "Step %d%s, loss %.4f, %s", p.step(),
                p.totalSteps() > 0 ? " of " + p.totalSteps() : "", p.loss(), Double.isNaN(p.minutesLeft()) ? ""
                        : String.format(Locale.ROOT, "%.1f min left", p.minutesLeft()));
    }

    /** Shows a finished adaptation: its before/after chart and "Use this model", with a warning if it measured worse. */
    void finished(ModelAdaptation.Result r) {
        stopped();
        result = r;
        message.setText(String.format(Locale.ROOT, "Adapted in %d step%s (%.1f min): %s", r.steps(),
                r.steps() == 1 ? "" : "s", r.minutes(), r.model()));
        chart.show(r.before(), r.after());
        use.setDisable(false);
        List<String> worse = HeldOutComparison.worse(r.before(), r.after());
        if (worse.isEmpty()) {
            notifier.info("Adapted model written to " + r.model() + "; Use this model (or Segment > Model) to switch");
        } else {
            // a model that measured worse must not look like an improvement: said in place and as a lasting notice
            message.getStyleClass().add("error-text");
            message.setText(message.getText() + ". " + HeldOutComparison.warning(worse));
            use.setText("Use this model anyway");
            notifier.notice(HeldOutComparison.warning(worse) + " (written to " + r.model() + ")");
        }
    }

    private void stopped() {
        running.set(false);
        progress.progressProperty().unbind();
        message.textProperty().unbind();
    }

    private void useResult() {
        if (result != null) {
            useModel.accept(result.model());
            use.setDisable(true);
            use.setText("In use");
        }
    }

    private void problem(String text) {
        if (!message.getStyleClass().contains("error-text")) {
            message.getStyleClass().add("error-text");
        }
        message.textProperty().unbind();
        message.setText(text);
        notifier.error(text);
    }

    /**
     * Stops a running adaptation: the training process is asked to end and the run ends as cancelled once it has
     * (the window stays "running" until then, so a new run never overlaps it); no model folder is written.
     */
    void cancel() {
        if (task != null && running.get()) {
            task.token().cancel();
            message.textProperty().unbind();
            message.setText("Cancelling\u2026");
        }
    }

    // ---- for tests

    BooleanProperty running() {
        return running;
    }

    Label message() {
        return message;
    }

    Optional<ModelAdaptation.Result> result() {
        return Optional.ofNullable(result);
    }

    AdaptationChart chart() {
        return chart;
    }

    Button useButton() {
        return use;
    }

    Button runButton() {
        return run;
    }
}
