package io.proxyprompt.ui;

import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.InvalidSupportException;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.application.SegmentationEngine;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import org.controlsfx.control.StatusBar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Segment action: runs the selected support set on all or the selected targets on the compute thread, shows
 * progress, per-target status and timing, and can be cancelled. Disabled, with the reason as tooltip, while it
 * cannot run (no engine, incomplete support set, no targets).
 */
final class SegmentRunner {

    private final Services services;
    private final EngineState engine;
    private boolean runWhenLoaded;
    private final ImageCache cache;
    private final SavedMasks savedMasks;
    private final TargetsPanel targets;
    private final Notifier notifier;
    private final java.util.function.Consumer<TargetEntry> afterRun;
    private final Label timing;
    private final StatusBar status;
    private final javafx.beans.property.StringProperty whyNot = new javafx.beans.property.SimpleStringProperty();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty blocked = new SimpleBooleanProperty(true);
    private ProgressTask<Void> task;
    /**
     * The counts of the run now showing (also what tells its callbacks apart from those of an earlier run, whose
     * engine thread may still be winding down after the run was already over for the clinician).
     */
    private int[] currentRun;

    /** What the user chose for targets they corrected or accepted. */
    enum Overwrite { SKIP, OVERWRITE, CANCEL }

    private java.util.function.Function<List<TargetEntry>, Overwrite> overwriteChoice;

    SegmentRunner(Services services, EngineState engine, ImageCache cache, SavedMasks savedMasks, TargetsPanel targets,
                  Notifier notifier,
                  java.util.function.Consumer<TargetEntry> afterRun,
                  Label timing, StatusBar status) {
        this.overwriteChoice = worked -> OverwriteDialog.ask(targets.getScene() == null ? null
                : targets.getScene().getWindow(), worked);
        this.services = services;
        this.engine = engine;
        this.cache = cache;
        this.savedMasks = savedMasks;
        this.targets = targets;
        this.notifier = notifier;
        this.afterRun = afterRun;
        this.timing = timing;
        this.status = status;
        progress.setId("runProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        // shown while a run goes, but always laid out: appearing would move the support library above them and
        // repaint all of it (in software rendering, at the start and end of every run, while the graphs need the CPU)
        progress.visibleProperty().bind(running);
        progressText.setId("runProgressText");
        progressText.getStyleClass().add("hint");
        progressText.visibleProperty().bind(running);
        targets.items().addListener((javafx.collections.ListChangeListener<TargetEntry>) c -> refreshAvailability());
        refreshAvailability();
    }

    /** The progress of a run (bar and message), shown under the Segment button while it runs. */
    Node[] progressNodes() {
        return new Node[] {progress, progressText};
    }

    /** Why a run cannot start now (for the Segment button's tool tip), or the button's own help when it can. */
    javafx.beans.property.ReadOnlyStringProperty availability() {
        return whyNot;
    }

    /** Replaces the question about corrected targets (tests answer it without a dialog). */
    void answerOverwriteWith(java.util.function.Function<List<TargetEntry>, Overwrite> choice) {
        this.overwriteChoice = choice;
    }

    BooleanBinding cannotRun() {
        return blocked.or(running);
    }

    BooleanProperty running() {
        return running;
    }

    /** Re-checks whether a run is possible and puts the reason in the tooltip. */
    void refreshAvailability() {
        String why = reasonNotToRun();
        blocked.set(why != null);
        whyNot.set(why);
    }

    /** Why segmentation cannot run now, or null when it can. */
    String reasonNotToRun() {
        if (engine.service().isEmpty() || !engine.status().available()) {
            return engine.status().unavailableReason();
        }
        Optional<SupportSetEntry> set = services.workspace().selectedSet();
        if (set.isEmpty()) {
            return "Create a support set in the support library first";
        }
        if (!set.get().isComplete()) {
            return set.get().missing();
        }
        if (targets.items().isEmpty()) {
            return "Open target images first (File > Open, Ctrl+O)";
        }
        return null;
    }

    void runAll() {
        start(List.copyOf(targets.items()));
    }

    /** Runs on all targets now, or as soon as the model has loaded when it is still loading. */
    void runWhenReady() {
        if (engine.loading()) {
            runWhenLoaded = true;
            notifier.info("Segment runs as soon as the model has loaded");
        } else {
            runAll();
        }
    }

    /** The model has loaded (or failed): update the button and start a run that was waiting for it. */
    void engineChanged() {
        refreshAvailability();
        if (runWhenLoaded && !engine.loading()) {
            runWhenLoaded = false;
            if (engine.service().isPresent()) {
                runAll();
            }
        }
    }

    void runSelected() {
        List<TargetEntry> sel = List.copyOf(targets.list().getSelectionModel().getSelectedItems());
        start(sel.isEmpty() ? List.copyOf(targets.items()) : sel);
    }

    void cancel() {
        if (task != null) {
            task.cancel();
        }
    }

    private void start(List<TargetEntry> chosen) {
        refreshAvailability();
        String why = reasonNotToRun();
        if (why != null || running.get() || chosen.isEmpty()) {
            if (why != null) {
                notifier.info(why);
            }
            return;
        }
        SupportSetEntry set = services.workspace().selectedSet().orElseThrow();
        List<TargetEntry> run = keepClinicianWork(chosen);
        if (run.isEmpty()) {
            return;
        }
        running.set(true);
        // a failed load is reported by the image cache; the run then treats that image as missing
        cache.withStacks(set.pairs().stream().map(SupportSetEntry.Pair::image).toList(), () ->
                cache.withStacks(run.stream().map(TargetEntry::source).toList(), () ->
                        savedMasks.read(run, () -> launch(set, run))));
    }

    /**
     * The targets to run: corrected or accepted targets are left out unless the user chooses, in a dialog that
     * names them, to overwrite them (an empty list when the user cancels).
     */
    private List<TargetEntry> keepClinicianWork(List<TargetEntry> chosen) {
        List<TargetEntry> worked = chosen.stream().filter(TargetEntry::hasClinicianWork).toList();
        if (worked.isEmpty()) {
            return chosen;
        }
        List<TargetEntry> others = chosen.stream().filter(t -> !t.hasClinicianWork()).toList();
        return switch (overwriteChoice.apply(worked)) {
            case OVERWRITE -> chosen;
            case SKIP -> {
                if (others.isEmpty()) {
                    notifier.info("Nothing to run: every chosen target was corrected or accepted, and was kept");
                }
                yield others;
            }
            case CANCEL -> List.of();
        };
    }

    private void launch(SupportSetEntry set, List<TargetEntry> chosen) {
        SupportSet support;
        String fingerprint = services.workspace().resultFingerprint(set);
        try {
            support = supportSet(set, cache);
        } catch (IllegalStateException | InvalidSupportException e) {
            running.set(false);
            notifier.error(e.getMessage());
            return;
        }
        Map<String, TargetEntry> byId = new HashMap<>();
        List<BatchTarget> batch = new ArrayList<>();
        for (TargetEntry t : chosen) {
            ImageStack s = cache.stack(t.source());
            if (s == null) {
                t.setStatus(TargetStatus.FAILED);
                t.setProblem(t.source().getFileName() + ": cannot be opened; check that the file is still there");
                continue;
            }
            byId.put(t.id(), t);
            t.setStatus(TargetStatus.RUNNING);
            t.setProblem(null);
            batch.add(BatchTarget.stack(t.id(), t.name(), s));
        }
        targets.refresh();
        SegmentationEngine service = engine.service().orElseThrow();
        long t0 = System.nanoTime();
        int[] done = new int[2];
        currentRun = done;
        task = new ProgressTask<>("Segment", (listener, token) -> {
            service.run(support, batch, listener, token, outcome -> Background.fx(() -> {
                apply(outcome, byId, done, fingerprint);
                // every target is in: the run is over for the clinician now, in the same frame as its last
                // result, not one frame later when the engine's thread has wound down
                if (done[0] + done[1] == batch.size()) {
                    finish(byId, t0, done, false);
                }
            }));
            return null;
        });
        progress.progressProperty().bind(task.progressProperty());
        progressText.textProperty().bind(task.messageProperty());
        status.progressProperty().bind(task.progressProperty());
        services.background().compute(task, v -> finish(byId, t0, done, false), e -> {
            boolean cancelled = e instanceof io.proxyprompt.progress.CancelledException;
            // the run was over for the clinician (its last result was in) before the engine failed winding down
            boolean over = done != currentRun || !running.get();
            finish(byId, t0, done, cancelled);
            if (!cancelled) {
                notifier.error(over ? "The segmentation engine failed after that run's last result ("
                        + e.getMessage() + "); every result of the run is in. If this happens again, restart "
                        + "ProxyPrompt." : "Segmentation stopped: " + e.getMessage());
            }
        });
        task.setOnCancelled(e -> finish(byId, t0, done, true));
    }

    /** The selected support set as the engine takes it (images must have been opened). */
    static SupportSet supportSet(SupportSetEntry set, ImageCache cache) {
        List<String> objects = set.objects().stream().map(ObjectSpec::name).toList();
        List<SupportPair> pairs = new ArrayList<>();
        for (SupportSetEntry.Pair p : set.pairs()) {
            ImageStack s = cache.stack(p.image());
            if (s == null) {
                throw new IllegalStateException(p.image().getFileName() + ": the support image cannot be opened; "
                        + "remove it from the support set or restore the file");
            }
            List<ObjectMask> masks = new ArrayList<>();
            for (String o : objects) {
                masks.add(new ObjectMask(o, p.mask(o).copy(), "drawn on " + s.name()));
            }
            pairs.add(new SupportPair(s.name(), s.frame(p.frame()), masks));
        }
        return new SupportSet(pairs);
    }

    private void apply(FrameOutcome outcome, Map<String, TargetEntry> byId, int[] done, String fingerprint) {
        TargetEntry t = byId.get(outcome.targetId());
        if (t == null) {
            return;
        }
        if (outcome instanceof FrameOutcome.Segmented s) {
            int frame = s.key().frame();
            List<MaskHistory.Edit> edits = new ArrayList<>();
            for (SegmentationResult.ObjectResult o : s.result().objects()) {
                Layer layer = new Layer(o.name(), frame);
                Mask before = t.mask(layer);
                edits.add(new MaskHistory.Edit(layer.key(), before != null ? before.copy()
                        : new Mask(o.mask().width(), o.mask().height()), o.mask()));
                t.putMask(layer, o.mask());
                t.setPredictedIou(layer, o.iou());
                t.clearEdited(o.name());
                t.setMadeWith(o.name(), fingerprint);
                t.setClicks(layer, List.of());
            }
            // the whole run of this frame is one undoable step, so a replaced correction can be brought back
            t.history().record("segment", edits);
            t.setQuality(frame, s.quality());
            t.setStale(false);
            if (frame == s.frameCount() - 1) {
                t.setStatus(t.quality().isClean() ? TargetStatus.DONE : TargetStatus.CHECK);
                done[0]++;
            }
        } else if (outcome instanceof FrameOutcome.Failed f) {
            t.setStatus(TargetStatus.FAILED);
            t.setProblem(f.message());
            done[1]++;
        }
        afterRun.accept(t);
    }

    private void finish(Map<String, TargetEntry> byId, long t0, int[] done, boolean cancelled) {
        if (!running.get() || done != currentRun) {
            return;
        }
        running.set(false);
        progress.progressProperty().unbind();
        progressText.textProperty().unbind();
        status.progressProperty().unbind();
        status.setProgress(0);
        for (TargetEntry t : byId.values()) {
            if (t.status() == TargetStatus.RUNNING) {
                t.setStatus(t.masks().isEmpty() ? TargetStatus.NOT_RUN
                        : t.quality().isClean() ? TargetStatus.DONE : TargetStatus.CHECK);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int n = done[0];
        timing.setText(String.format("Last run: %d target%s in %.2f s%s", n, n == 1 ? "" : "s", seconds,
                n > 0 ? String.format(" (%.0f ms each)", seconds * 1000 / n) : ""));
        afterRun.accept(null);
        refreshAvailability();
        if (cancelled) {
            notifier.info("Run cancelled after " + n + " target" + (n == 1 ? "" : "s"));
        } else if (done[1] > 0) {
            notifier.error(done[1] + " target" + (done[1] == 1 ? "" : "s") + " failed; hover a failed target "
                    + "to see why. " + n + " segmented.");
        } else {
            long check = byId.values().stream().filter(t -> t.status() == TargetStatus.CHECK).count();
            notifier.info("Segmented " + n + " target" + (n == 1 ? "" : "s") + String.format(" in %.1f s", seconds)
                    + (check == 0 ? "" : "; " + check + " to check (amber): the result looks implausible"));
        }
    }
}
