package io.proxyprompt.ui;

import io.proxyprompt.image.ImageStack;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.SupportLibraryPanel;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.viewer.ImageViewer;
import io.proxyprompt.ui.viewer.SupportDocument;
import io.proxyprompt.ui.viewer.ToolState;
import javafx.scene.image.Image;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the support library does through the rest of the window: opens support images, shows a support pair in
 * the viewer for drawing (with the pair's own undo history, saved with the workspace), and reports every change of the support sets so that what
 * depends on them (the Segment button, the overlays, "out of date" on the targets) follows.
 */
final class SupportEditing implements SupportHost {

    private final Services services;
    private final ImageCache cache;
    private final ImageViewer viewer;
    private final ToolState tools;
    private final Notifier notifier;
    private final Supplier<Window> window;
    private final Supplier<Optional<TargetEntry>> currentTarget;
    private final IntSupplier currentFrame;
    private Runnable onChanged = () -> { };
    private SupportLibraryPanel panel;

    SupportEditing(Services services, ImageCache cache, ImageViewer viewer, ToolState tools, Notifier notifier,
                   Supplier<Window> window, Supplier<Optional<TargetEntry>> currentTarget, IntSupplier currentFrame) {
        this.services = services;
        this.cache = cache;
        this.viewer = viewer;
        this.tools = tools;
        this.notifier = notifier;
        this.window = window;
        this.currentTarget = currentTarget;
        this.currentFrame = currentFrame;
    }

    /** The library this serves, and what runs after every change of a support set (its objects, images, masks). */
    void attach(SupportLibraryPanel library, Runnable changed) {
        this.panel = library;
        this.onChanged = changed;
    }

    @Override
    public Optional<TargetEntry> currentTarget() {
        return currentTarget.get();
    }

    @Override
    public int currentFrame() {
        return currentFrame.getAsInt();
    }

    @Override
    public void withStack(Path image, Consumer<ImageStack> then) {
        cache.withStack(image, then);
    }

    @Override
    public Image thumbnail(Path image) {
        return cache.thumbnail(image);
    }

    @Override
    public void editSupport(SupportSetEntry set, SupportSetEntry.Pair pair) {
        cache.withStack(pair.image(), stack -> {
            viewer.show(new SupportDocument(set, pair, stack, pair.history(), () -> {
                panel.refresh();
                onChanged.run();
            }));
            if (panel.selectedObjectProperty().get() != null) {
                tools.activeObjectProperty().set(panel.selectedObjectProperty().get().name());
            }
        });
    }

    @Override
    public void supportChanged() {
        onChanged.run();
    }

    @Override
    public ObjectSpec withPreferredColour(ObjectSpec preset) {
        PrefKey<String> key = switch (preset.name()) {
            case "disc" -> PrefKey.COLOUR_DISC;
            case "cup" -> PrefKey.COLOUR_CUP;
            case "vessel" -> PrefKey.COLOUR_VESSEL;
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
        return notifier;
    }

    @Override
    public Window window() {
        return window.get();
    }
}
