package io.proxyprompt.ui;

import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.actions.Commands;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.ui.panels.PreferencesDialog;
import io.proxyprompt.ui.panels.SupportLibraryPanel;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.viewer.FrameControls;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.TargetDocument;
import io.proxyprompt.ui.viewer.ToolState;
import io.proxyprompt.ui.viewer.ViewerDocument;
import io.proxyprompt.ui.viewer.ViewerToolBar;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The workstation window: targets on the left, the image viewer with its tools in the middle, the support library
 * on the right, menus on top and the engine status at the bottom. It lays the parts out and connects them; the
 * images are in the {@link ImageCache}, opening is {@link TargetRegistration}, the support library works through
 * {@link SupportEditing}, messages go to {@link Notifications} and every command is declared in
 * {@link WorkstationCommands}.
 */
public final class MainWindow {

    private final Services services;
    private final EngineState engine;
    private final ToolState tools = new ToolState();
    private final ImageViewer viewer = new ImageViewer(tools);
    private final Notifications notifications = new Notifications(viewer);
    private final ImageCache cache;
    private final SavedMasks savedMasks;
    private final TargetRegistration registration;
    private final TargetsPanel targets = new TargetsPanel();
    private final SupportEditing supportEditing;
    private final SupportLibraryPanel support;
    private final StatusLine status;
    private final OpenChoosers choosers;
    private final BorderPane root = new BorderPane();
    private final SegmentRunner runner;
    private final Measuring measuring;
    private final ExportFlow exports;
    private final PacsFlow pacs;
    private final VBox top = new VBox();
    private final EvaluateFlow evaluation;
    private final AdaptFlow adaptation;
    private Consumer<io.proxyprompt.ui.tasks.EngineStartup> engineListener = started -> { };
    private final FirstRunOffer firstRun;
    private final ReviewToggle review;
    private final Commands commands;
    private final ViewerToolBar toolBar;

    public MainWindow(Services services) {
        this.services = services;
        this.engine = new EngineState(services.segmentation(), services.engine());
        tools.opacityProperty().set(services.prefs().get(PrefKey.OVERLAY_OPACITY));
        status = new StatusLine(engine);
        cache = new ImageCache(services.images(), services.background(), notifications,
                new ThumbnailStore(services.workspace().folder()));
        savedMasks = new SavedMasks(services.background(), notifications);
        registration = new TargetRegistration(services, cache, notifications);
        choosers = new OpenChoosers(this::window, this::openTargets, notifications);
        supportEditing = new SupportEditing(services, cache, viewer, tools, notifications, this::window,
                this::selectedTarget, this::currentFrame);
        support = new SupportLibraryPanel(supportEditing, services.workspace());
        runner = new SegmentRunner(services, engine, cache, savedMasks, targets, notifications, this::afterRun,
                status.timing(), status.bar());
        evaluation = new EvaluateFlow(services, engine::service, engine::status, notifications);
        adaptation = new AdaptFlow(services, notifications, folder -> useModel(Optional.of(folder)));
        exports = new ExportFlow(services, cache, savedMasks, targets, supportEditing, engine::status);
        review = new ReviewToggle(viewer, () -> {
            targets.refresh();
            services.autosave();
        }, notifications);
        commands = WorkstationCommands.declare(this, tools, viewer, runner, targets,
                new HelpDialogs(this::window, engine::status, services.background()));
        toolBar = new ViewerToolBar(tools, viewer, commands);
        new ClickRefining(services, engine, cache, viewer, notifications);
        supportEditing.attach(support, this::supportChanged);
        pacs = new PacsFlow(services, services.pacsServers(), cache, targets, supportEditing, exports,
                this::openTargets);

        // messages show over the image only, never over the tools or the Segment button
        VBox centre = new VBox(toolBar, toolBar.layerBar(), notifications.pane(), new FrameControls(viewer));
        centre.getStyleClass().add("viewer-pane");
        VBox.setVgrow(notifications.pane(), Priority.ALWAYS);
        measuring = new Measuring(viewer, services.background(),
                AnatomicalRules.enabled(services.prefs().get(PrefKey.ANATOMY)), t -> {
                    targets.refresh();
                    services.autosave();
                });
        ToggleButton checkFilter = commands.toggle("onlyToCheck", "checkFilter", "To check");
        checkFilter.getStyleClass().add("check-filter");
        checkFilter.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                targets.toCheckCount().get() > 0 ? "\u26A0 " + targets.toCheckCount().get() : "\u26A0",
                targets.toCheckCount()));
        targets.onlyToCheckProperty().bind(commands.get("onlyToCheck").selectedProperty());
        targets.setHeadButtons(checkFilter, commands.iconButton("openFiles", "openTargetsButton"),
                commands.iconButton("removeTargets", "removeTargetButton"));
        targets.getChildren().add(measuring.panel());
        support.setRunControls(RunControls.of(commands, runner));
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
        targets.setMinWidth(230);
        support.setMinWidth(260);

        review.button().setTooltip(new Tooltip(commands.get("acceptTarget").tooltip()));
        toolBar.layerBar().getChildren().add(toolBar.layerBar().getChildren().size() - 1, review.button());
        top.getChildren().add(new Menus(commands, registration, this::openTargets, ModelMenu.of(
                services.models().base(), () -> ModelSource.adaptedIn(services.workspace().folder()),
                engine::adapted, this::useModel)).menuBar());
        firstRun = new FirstRunOffer(services, registration, support, supportEditing, runner, top);
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
        viewer.documentProperty().addListener((o, a, doc) -> measuring.schedule());
        registration.onTargetAdded(t -> {
            targets.items().add(t);
            if (targets.list().getSelectionModel().isEmpty()) {
                targets.list().getSelectionModel().select(t);
            }
        });
        cache.onThumbnail(changed -> {
            // only the rows showing these images are drawn again: an image opened for a run must not repaint the
            // support library and every target's row while the graphs need the cores
            services.workspace().targets().stream().filter(t -> changed.contains(t.source().toAbsolutePath()))
                    .filter(t -> cache.thumbnail(t.source()) != null)
                    .forEach(t -> targets.setThumbnail(t.id(), cache.thumbnail(t.source())));
            if (services.workspace().supportSets().stream().flatMap(set -> set.pairs().stream())
                    .anyMatch(p -> changed.contains(p.image().toAbsolutePath()))) {
                support.refresh();
            }
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
        started.problem().ifPresent(notifications::error);
    }

    /**
     * A model was opened for this window (at start, or the user switched): it is used from now on, the workspace
     * remembers it, results made with another model read as out of date (edits are kept), and the model it
     * replaces is closed on the compute thread after any run that still uses it.
     */
    public void modelOpened(ModelSource.Opened opened) {
        Optional<io.proxyprompt.application.SegmentationEngine> replaced = engine.service();
        boolean changed = replaced.isPresent() && !opened.adapted().equals(engine.adapted());
        engine.set(opened.startup(), opened.adapted(), opened.description(), opened.details());
        measuring.panel().setCdrCaveat(opened.cdrCaveat().orElse(null));
        Optional<Path> chosen = services.workspace().model();
        services.workspace().setModel(opened.adapted().orElse(null));
        evaluation.refreshRunnable();
        runner.engineChanged();
        refreshStale();
        targets.refresh();
        if (!chosen.equals(services.workspace().model())) {
            services.autosave();
        }
        engineListener.accept(opened.startup());
        replaced.filter(r -> opened.startup().service().map(n -> n != r).orElse(true))
                .ifPresent(r -> services.background().compute(new io.proxyprompt.ui.tasks.ProgressTask<Void>(
                        "Close model", (p, c) -> {
                            r.close();
                            return null;
                        }), v -> { }, e -> { }));
        opened.fallback().ifPresent(notifications::error);
        opened.startup().problem().ifPresent(notifications::error);
        if (changed && opened.fallback().isEmpty() && opened.startup().service().isPresent()) {
            long stale = services.workspace().targets().stream().filter(io.proxyprompt.session.TargetEntry::stale)
                    .count();
            notifications.info("Model in use: " + opened.description() + (stale == 0 ? "" : "; " + stale
                    + " result" + (stale == 1 ? " is" : "s are") + " now out of date (your corrections are kept)"));
        }
    }

    /** Switches to an adapted model folder, or to the base model (empty), opening it on the compute thread. */
    void useModel(Optional<Path> adapted) {
        services.background().compute(new io.proxyprompt.ui.tasks.ProgressTask<>("Open model",
                (p, c) -> services.models().open(adapted)), this::modelOpened, e -> notifications.error(
                "Could not open the model " + adapted.map(Path::toString).orElse("(base)") + ": " + e.getMessage()));
    }

    /** Tells the application which engine the window uses now (it closes it when the window closes). */
    public void onEngineChanged(Consumer<io.proxyprompt.ui.tasks.EngineStartup> listener) {
        engineListener = listener;
    }

    EngineState engine() {
        return engine;
    }

    /** Where messages for the user go (a bar over the image). */
    public Notifier notifier() {
        return notifications;
    }

    /**
     * Shows the targets and support sets of the workspace with their stored thumbnails; only the selected target's
     * image is decoded now, the others when they are shown or run.
     */
    private void restoreWorkspace() {
        refreshStale();
        targets.items().setAll(services.workspace().targets());
        support.refreshSets();
        List<Path> sources = new java.util.ArrayList<>();
        services.workspace().targets().forEach(t -> sources.add(t.source()));
        services.workspace().supportSets().forEach(set -> set.pairs().forEach(p -> sources.add(p.image())));
        // the stored thumbnails and the first target's image come after the window's first frame
        SceneSetup.afterNextPulse(root, () -> {
            cache.restoreThumbnails(sources);
            if (!targets.items().isEmpty() && targets.list().getSelectionModel().isEmpty()) {
                targets.list().getSelectionModel().select(0);
            }
        });
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
        commands.installKeys(scene);
        Shortcuts.install(scene, viewer, targets);
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

    void quit() {
        if (window() != null) {
            window().hide();
        }
        Platform.exit();
    }

    /** Lets File › Open workspace switch to another workspace folder (the application rebuilds the window). */
    public void onOpenWorkspace(Consumer<Path> opener) {
        choosers.onOpenWorkspace(opener);
    }

    /** Opens files or folders as targets (in the background). */
    public void openTargets(List<Path> paths) {
        registration.openTargets(paths);
    }

    void removeSelectedTargets() {
        List<TargetEntry> sel = List.copyOf(targets.list().getSelectionModel().getSelectedItems());
        for (TargetEntry t : sel) {
            services.workspace().removeTarget(t);
            cache.forget(t.source());
        }
        targets.items().removeAll(sel);
        if (viewer.documentProperty().get() instanceof TargetDocument d && sel.contains(d.target())) {
            viewer.show(null);
        }
        services.autosave();
    }

    private void showTarget(TargetEntry t) {
        savedMasks.read(List.of(t), () -> cache.withStack(t.source(), stack -> {
            if (targets.list().getSelectionModel().getSelectedItem() == t) {
                viewer.show(new TargetDocument(t, stack, this::currentObjects, this::targetEdited));
            }
        }));
    }

    private List<ObjectSpec> currentObjects() {
        return services.workspace().selectedSet().map(SupportSetEntry::objects).orElse(List.of());
    }

    private void targetEdited() {
        targets.refresh();
        measuring.schedule();
        services.autosave();
    }

    /** The target shown or selected. */
    public Optional<TargetEntry> selectedTarget() {
        return Optional.ofNullable(targets.list().getSelectionModel().getSelectedItem());
    }

    /** The frame shown in the viewer when it shows a target (a support image counts as frame 0). */
    int currentFrame() {
        return viewer.documentProperty().get() instanceof TargetDocument ? viewer.frame() : 0;
    }

    /** Marks the selected target as reviewed (accepted by the clinician). */
    void acceptTarget() {
        review.toggle();
    }

    /** After one target of a run ({@code t}) or the whole run ({@code null}): redraw what shows it, save. */
    private void afterRun(TargetEntry t) {
        if (t == null) {
            refreshStale();
            targets.refresh();
        } else {
            // only the target in the viewer is repainted at once; the list's rows follow in a batch
            targets.refreshSoon();
        }
        boolean shown = viewer.documentProperty().get() instanceof TargetDocument d && (t == null || d.target() == t);
        if (shown) {
            // a run puts new masks in: only those are drawn anew, once, not again when the run finishes
            viewer.masksReplaced();
            measuring.schedule();
        }
        services.autosave();
    }

    /** Marks every segmented target whose results the selected support set, as it is now, did not make. */
    private void refreshStale() {
        SupportSetEntry set = services.workspace().selectedSet().orElse(null);
        String made = set == null ? "" : services.workspace().resultFingerprint(set);
        services.workspace().targets().forEach(t -> t.setStale(t.outOfDateFor(set, made)));
    }

    /** A support set changed (objects, images, masks) or another one was selected. */
    private void supportChanged() {
        refreshStale();
        targets.refresh();
        services.autosave();
        runner.refreshAvailability();
        toolBar.refreshObjects();
        viewer.refreshOverlays();
        if (viewer.documentProperty().get() instanceof SupportDocument d
                && services.workspace().selectedSet().map(s -> !s.pairs().contains(d.pair())).orElse(true)) {
            selectedTarget().ifPresentOrElse(this::showTarget, () -> viewer.show(null));
        }
    }

    Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
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

    TargetRegistration registration() {
        return registration;
    }

    ImageCache images() {
        return cache;
    }

    Commands commands() {
        return commands;
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
            tools.opacityProperty().set(services.prefs().get(PrefKey.OVERLAY_OPACITY));
            notifications.info("Preferences saved; model and device changes apply at the next start");
        });
    }

    /** Segment › Evaluate on annotated cases: the evaluation window. */
    EvaluateFlow showEvaluation() {
        evaluation.show(window());
        return evaluation;
    }

    /** Segment › Adapt model to annotated cases: the adaptation window. */
    AdaptFlow showAdaptation() {
        adaptation.show(window());
        return adaptation;
    }

    /** Stops an adaptation that is running (the window is closing). */
    public void cancelAdaptation() {
        adaptation.cancel();
    }

    /** Whether an adaptation is running (its training process has not ended yet). */
    boolean adaptationRunning() {
        return adaptation.running().get();
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
