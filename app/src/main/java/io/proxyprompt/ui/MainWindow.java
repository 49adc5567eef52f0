package io.proxyprompt.ui;

import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.ui.panels.PreferencesDialog;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.SupportLibraryPanel;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.viewer.FrameControls;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.TargetDocument;
import io.proxyprompt.ui.viewer.ToolState;
import io.proxyprompt.ui.viewer.ViewerDocument;
import io.proxyprompt.ui.viewer.ViewerToolBar;
import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.image.ImageStack;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The workstation window: targets on the left, the image viewer with its tools in the middle, the support library
 * on the right, menus on top and the engine status at the bottom.
 */
public final class MainWindow implements Notifier, SupportHost {

    private final Services services;
    private final EngineState engine;
    private final Workbench bench;
    private final ToolState tools = new ToolState();
    private final ImageViewer viewer = new ImageViewer(tools);
    private final ViewerToolBar toolBar = new ViewerToolBar(tools, viewer);
    private final TargetsPanel targets;
    private final SupportLibraryPanel support;
    private final Notifications notifications = new Notifications(viewer);
    private final StatusLine status;
    private final OpenChoosers choosers;
    private final BorderPane root = new BorderPane();
    private final Map<String, MaskHistory> supportHistories = new HashMap<>();
    private final SegmentRunner runner;
    private final Measuring measuring;
    private final ExportFlow exports;
    private final PacsFlow pacs;
    private final VBox top = new VBox();
    private final EvaluateFlow evaluation;
    private final FirstRunOffer firstRun;
    private final ReviewToggle review;

    public MainWindow(Services services) {
        this.services = services;
        this.engine = new EngineState(services.segmentation(), services.engine());
        this.bench = new Workbench(services, this);
        tools.opacityProperty().set(services.prefs().get(io.proxyprompt.session.PrefKey.OVERLAY_OPACITY));
        status = new StatusLine(engine);
        choosers = new OpenChoosers(this::window, this::openTargets, this);
        targets = new TargetsPanel(choosers::chooseTargets, this::removeSelectedTargets);
        support = new SupportLibraryPanel(this, services.workspace());
        runner = new SegmentRunner(services, engine, bench, targets, this, this::afterRun, status.timing(),
                status.bar());
        support.setRunControls(runner.controls());
        evaluation = new EvaluateFlow(services, engine::service, engine::status, this);
        exports = new ExportFlow(services, bench, targets, this, this::currentObjects, engine::status);
        pacs = new PacsFlow(services, services.pacsServers(), bench, targets, this, exports, this::openTargets);

        // messages slide over the image only, never over the tools or the Segment button
        VBox centre = new VBox(toolBar, toolBar.layerBar(), notifications.pane(), new FrameControls(viewer));
        centre.getStyleClass().add("viewer-pane");
        VBox.setVgrow(notifications.pane(), Priority.ALWAYS);
        measuring = new Measuring(viewer, services.background(),
                AnatomicalRules.enabled(services.prefs().get(PrefKey.ANATOMY)), t -> {
                    targets.refresh();
                    bench.autosave();
                });
        targets.getChildren().add(measuring.panel());
        support.selectedObjectProperty().addListener((o, a, obj) -> {
            if (obj != null) {
                tools.activeObjectProperty().set(obj.name());
            }
        });
        SplitPane split = new SplitPane(targets, centre, support);
        split.setId("mainSplit");
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.17, 0.79);
        SplitPane.setResizableWithParent(targets, false);
        SplitPane.setResizableWithParent(support, false);
        targets.setMinWidth(210);
        support.setMinWidth(260);

        review = new ReviewToggle(viewer, () -> {
            targets.refresh();
            bench.autosave();
        }, this);
        toolBar.layerBar().getChildren().add(toolBar.layerBar().getChildren().size() - 1, review.button());
        top.getChildren().add(new Menus(this, services, tools, viewer, runner).menuBar());
        firstRun = new FirstRunOffer(services, bench, support, this, runner, top);
        root.setTop(top);
        root.setCenter(split);
        root.setBottom(status.bar());
        root.getStyleClass().add("workstation");

        targets.list().getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t != null) {
                showTarget(t);
            }
        });
        // clicking the selected target brings it back into the viewer (e.g. after drawing a support mask)
        targets.list().setOnMouseClicked(e -> selectedTarget().ifPresent(t -> {
            if (!(viewer.documentProperty().get() instanceof TargetDocument d && d.target() == t)) {
                showTarget(t);
            }
        }));
        bench.onTargetAdded(t -> {
            targets.items().add(t);
            if (targets.list().getSelectionModel().isEmpty()) {
                targets.list().getSelectionModel().select(t);
            }
        });
        bench.onThumbnail(() -> {
            services.workspace().targets().forEach(t -> {
                Image i = bench.thumbnail(t.source());
                if (i != null) {
                    targets.setThumbnail(t.id(), i);
                }
            });
            support.refresh();
        });
        restoreWorkspace();
    }

    /**
     * The model finished loading in the background (or failed to): the status bar shows the device, Segment and
     * Evaluate become available, or the problem is shown and the rest of the window keeps working.
     */
    public void engineLoaded(io.proxyprompt.ui.tasks.EngineStartup started) {
        engine.set(started);
        evaluation.refreshRunnable();
        runner.engineChanged();
        started.problem().ifPresent(this::error);
    }

    EngineState engine() {
        return engine;
    }

    /** Shows the targets and support sets of the workspace, loading their images in the background. */
    private void restoreWorkspace() {
        targets.items().setAll(services.workspace().targets());
        support.refreshSets();
        for (TargetEntry t : services.workspace().targets()) {
            bench.withStack(t.source(), s -> {
            });
        }
        services.workspace().supportSets().forEach(set -> set.pairs().forEach(p -> bench.withStack(p.image(), s -> {
        })));
        if (!targets.items().isEmpty()) {
            targets.list().getSelectionModel().select(0);
        }
    }

    /** Offers the bundled samples when the workspace is empty (first run); true when the offer shows. */
    public boolean offerSamples(Optional<io.proxyprompt.application.SampleSet> samples) {
        return firstRun.offer(samples);
    }

    public Parent root() {
        return root;
    }

    /** Puts the window on the stage with the theme, shortcuts and drag-and-drop. */
    public Scene attach(Stage stage) {
        Scene scene = SceneSetup.attach(stage, root, "ProxyPrompt Workstation \u2014 "
                + services.workspace().folder(), this::openTargets);
        Shortcuts.install(scene, tools, viewer, targets);
        stage.setOnShown(e -> viewer.requestFocus());
        return scene;
    }

    // ---- targets

    void chooseTargets() {
        choosers.chooseTargets();
    }

    void chooseFolder() {
        choosers.chooseFolder();
    }

    void chooseWorkspace() {
        choosers.chooseWorkspace();
    }

    /** Lets File › Open workspace switch to another workspace folder (the application rebuilds the window). */
    public void onOpenWorkspace(Consumer<Path> opener) {
        choosers.onOpenWorkspace(opener);
    }

    /** Opens files or folders as targets (in the background). */
    public void openTargets(List<Path> paths) {
        bench.openTargets(paths);
    }

    private void removeSelectedTargets() {
        List<TargetEntry> sel = List.copyOf(targets.list().getSelectionModel().getSelectedItems());
        for (TargetEntry t : sel) {
            services.workspace().removeTarget(t);
            bench.forget(t.source());
        }
        targets.items().removeAll(sel);
        if (viewer.documentProperty().get() instanceof TargetDocument d && sel.contains(d.target())) {
            viewer.show(null);
            toolBar.refreshObjects();
        }
        bench.autosave();
    }

    private void showTarget(TargetEntry t) {
        bench.withStack(t.source(), stack -> {
            if (targets.list().getSelectionModel().getSelectedItem() == t) {
                viewer.show(new TargetDocument(t, stack, this::currentObjects, this::targetEdited));
                toolBar.refreshObjects();
                measuring.schedule();
            }
        });
    }

    private List<ObjectSpec> currentObjects() {
        return services.workspace().selectedSet().map(SupportSetEntry::objects).orElse(List.of());
    }

    private void targetEdited() {
        targets.refresh();
        measuring.schedule();
        bench.autosave();
    }

    /** The target shown or selected. */
    public Optional<TargetEntry> selectedTarget() {
        return Optional.ofNullable(targets.list().getSelectionModel().getSelectedItem());
    }

    /** Marks the selected target as reviewed (accepted by the clinician). */
    void acceptTarget() {
        review.toggle();
    }

    /** After one target of a run ({@code t}) or the whole run ({@code null}): redraw what shows it, save. */
    private void afterRun(TargetEntry t) {
        targets.refresh();
        boolean shown = viewer.documentProperty().get() instanceof TargetDocument d && (t == null || d.target() == t);
        if (shown) {
            viewer.refreshOverlays();
            measuring.schedule();
        }
        bench.autosave();
    }

    // ---- SupportHost

    @Override
    public Optional<TargetEntry> currentTarget() {
        return selectedTarget();
    }

    @Override
    public int currentFrame() {
        return viewer.documentProperty().get() instanceof TargetDocument ? viewer.frame() : 0;
    }

    @Override
    public void withStack(Path image, Consumer<ImageStack> then) {
        bench.withStack(image, then);
    }

    @Override
    public Image thumbnail(Path image) {
        return bench.thumbnail(image);
    }

    @Override
    public void editSupport(SupportSetEntry set, SupportSetEntry.Pair pair) {
        bench.withStack(pair.image(), stack -> {
            MaskHistory h = supportHistories.computeIfAbsent(set.id() + "/" + pair.id(),
                    k -> new MaskHistory(50, 128L << 20));
            viewer.show(new SupportDocument(set, pair, stack, h, () -> {
                support.refresh();
                runner.refreshAvailability();
                bench.autosave();
            }));
            toolBar.refreshObjects();
            if (support.selectedObjectProperty().get() != null) {
                tools.activeObjectProperty().set(support.selectedObjectProperty().get().name());
            }
            measuring.schedule();
        });
    }

    @Override
    public void supportChanged() {
        bench.autosave();
        runner.refreshAvailability();
        toolBar.refreshObjects();
        viewer.refreshOverlays();
        if (viewer.documentProperty().get() instanceof SupportDocument d
                && services.workspace().selectedSet().map(s -> !s.pairs().contains(d.pair())).orElse(true)) {
            selectedTarget().ifPresentOrElse(this::showTarget, () -> viewer.show(null));
        }
    }

    @Override
    public ObjectSpec withPreferredColour(ObjectSpec preset) {
        io.proxyprompt.session.PrefKey<String> key = switch (preset.name()) {
            case "disc" -> io.proxyprompt.session.PrefKey.COLOUR_DISC;
            case "cup" -> io.proxyprompt.session.PrefKey.COLOUR_CUP;
            case "vessel" -> io.proxyprompt.session.PrefKey.COLOUR_VESSEL;
            default -> null;
        };
        return key == null ? preset : new ObjectSpec(preset.name(), services.prefs().get(key));
    }

    @Override
    public Background background() {
        return services.background();
    }

    @Override
    public Notifier notifier() {
        return this;
    }

    @Override
    public Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    // ---- Notifier

    @Override
    public void info(String message) {
        notifications.info(message);
    }

    @Override
    public void error(String message) {
        notifications.error(message);
    }

    // ---- for menus and tests

    ImageViewer viewer() {
        return viewer;
    }

    ToolState tools() {
        return tools;
    }

    TargetsPanel targets() {
        return targets;
    }

    SupportLibraryPanel support() {
        return support;
    }

    Workbench bench() {
        return bench;
    }

    FirstRunOffer firstRun() {
        return firstRun;
    }

    SegmentRunner runner() {
        return runner;
    }

    void showPreferences() {
        new PreferencesDialog(services.prefs(), window(),
                new io.proxyprompt.ui.pacs.PacsServersPane(services.pacsServers())).showAndWait().ifPresent(saved -> {
            tools.opacityProperty().set(services.prefs().get(io.proxyprompt.session.PrefKey.OVERLAY_OPACITY));
            info("Preferences saved; model and device changes apply at the next start");
        });
    }

    /** Segment › Evaluate on annotated cases: the evaluation window. */
    EvaluateFlow showEvaluation() {
        evaluation.show(window());
        return evaluation;
    }

    void showExport() {
        exports.show();
    }

    /** File › Open from PACS. */
    io.proxyprompt.ui.pacs.PacsSearchDialog openFromPacs() {
        return pacs.showSearch();
    }

    /** Export › Send SEG to PACS. */
    void sendSegToPacs() {
        pacs.sendSegs();
    }

    PacsFlow pacsFlow() {
        return pacs;
    }

    /** Exports the targets with the given choice (asks before overwriting). */
    void export(ExportDialog.Choice choice, List<TargetEntry> chosen) {
        exports.export(choice, chosen);
    }

    /** The document in the viewer. */
    Optional<ViewerDocument> document() {
        return Optional.ofNullable(viewer.documentProperty().get());
    }
}
