package io.proxyprompt.ui;

import io.proxyprompt.application.TargetNames;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The opened images behind the window: loads targets and support images off the FX thread, keeps their stacks
 * and thumbnails, adds targets to the workspace and saves it after every change.
 */
final class Workbench {

    /** Thumbnails are this wide at most. */
    static final int THUMB = 128;

    private final Services services;
    private final Notifier notifier;
    private final Map<Path, ImageStack> stacks = new HashMap<>();
    private final Map<Path, Image> thumbnails = new HashMap<>();
    private final Map<Path, List<Waiter>> pending = new HashMap<>();
    private Consumer<TargetEntry> onTargetAdded = t -> { };
    private Runnable onThumbnail = () -> { };

    Workbench(Services services, Notifier notifier) {
        this.services = services;
        this.notifier = notifier;
    }

    Workspace workspace() {
        return services.workspace();
    }

    void onTargetAdded(Consumer<TargetEntry> c) {
        onTargetAdded = c;
    }

    void onThumbnail(Runnable r) {
        onThumbnail = r;
    }

    /** Saves the workspace in the background: copies what changed now, writes it on the autosave thread. */
    void autosave() {
        services.autosaver().save(services.workspace().snapshot());
    }

    ImageStack stack(Path source) {
        return stacks.get(source.toAbsolutePath());
    }

    Image thumbnail(Path source) {
        return thumbnails.get(source.toAbsolutePath());
    }

    /**
     * Opens files and folders as targets (folders: DICOM series, else every image inside); each failure is
     * reported by name and the others still open.
     */
    void openTargets(List<Path> paths) {
        openTargets(paths, () -> { });
    }

    /** As {@link #openTargets(List)}, then runs {@code then} on the FX thread once the opened targets are added. */
    void openTargets(List<Path> paths, Runnable then) {
        services.background().io(new ProgressTask<>("Open", (progress, cancel) -> {
            List<Opened> opened = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path p : expand(paths, problems)) {
                cancel.throwIfCancelled();
                try {
                    for (ImageStack s : services.images().open(p, progress, cancel)) {
                        opened.add(new Opened(p, s, thumbnailOf(s)));
                    }
                } catch (ImageLoadException e) {
                    problems.add(e.getMessage());
                } catch (RuntimeException e) {
                    problems.add(p.getFileName() + ": could not be read (" + e.getMessage()
                            + "); check the file or convert it to PNG/DICOM");
                }
            }
            return new OpenResult(opened, problems);
        }), r -> {
            added(r);
            then.run();
        }, e -> notifier.error("Opening failed: " + e.getMessage()));
    }

    /** The files and series the paths name, by the application's one rule for folders. */
    private List<Path> expand(List<Path> paths, List<String> problems) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            try {
                out.addAll(services.images().expand(p));
            } catch (ImageLoadException e) {
                problems.add(e.getMessage());
            }
        }
        return out;
    }

    private record Opened(Path path, ImageStack stack, Image thumbnail) {
    }

    private record OpenResult(List<Opened> opened, List<String> problems) {
    }

    /** Recently opened files and folders, newest first. */
    List<Path> recent() {
        String text = services.prefs().get(PrefKey.RECENT);
        return text.isBlank() ? List.of() : text.lines().filter(l -> !l.isBlank()).map(Path::of).toList();
    }

    /** Puts the paths first in the recent list and saves the preferences off the FX thread. */
    void remember(List<Path> paths) {
        java.util.LinkedHashSet<Path> next = new java.util.LinkedHashSet<>();
        paths.forEach(p -> next.add(p.toAbsolutePath()));
        next.addAll(recent());
        services.prefs().put(PrefKey.RECENT, String.join("\n", next.stream().limit(PrefKey.RECENT_LIMIT)
                .map(Path::toString).toList()));
        saveRecent();
    }

    void clearRecent() {
        services.prefs().put(PrefKey.RECENT, "");
        saveRecent();
    }

    private void saveRecent() {
        services.background().io(new ProgressTask<Void>("Save preferences", (p, c) -> {
            services.prefs().save();
            return null;
        }), v -> { }, e -> notifier.error("Could not save the recent files list: " + e.getMessage()));
    }

    private void added(OpenResult r) {
        int count = 0;
        for (Opened o : r.opened()) {
            Path key = keyOf(o.path(), o.stack());
            stacks.put(key, o.stack());
            thumbnails.put(key, o.thumbnail());
            if (workspace().findTarget(key).isEmpty()) {
                String name = TargetNames.unique(key, workspace().targets().stream().map(TargetEntry::name).toList());
                TargetEntry t = workspace().addTarget(key, name);
                onTargetAdded.accept(t);
                count++;
            }
        }
        if (count > 0) {
            autosave();
        }
        if (!r.opened().isEmpty()) {
            remember(r.opened().stream().map(Opened::path).distinct().toList());
        }
        onThumbnail.run();
        if (!r.problems().isEmpty()) {
            notifier.error(String.join("\n", r.problems()));
        } else if (count > 0) {
            notifier.info("Opened " + count + " target" + (count == 1 ? "" : "s"));
        }
    }

    /** A folder holding several series gets one target per series, keyed by the series' source. */
    private static Path keyOf(Path opened, ImageStack s) {
        return (s.source() != null ? s.source() : opened).toAbsolutePath();
    }

    private record Waiter(Consumer<ImageStack> then, boolean wantsFailure) {
    }

    /** Calls {@code then} with the opened image (loading it in the background first if needed). */
    void withStack(Path source, Consumer<ImageStack> then) {
        request(source, new Waiter(then, false));
    }

    /** As {@link #withStack}, but {@code then} also runs, with null, when the image cannot be opened. */
    void withStackOrNull(Path source, Consumer<ImageStack> then) {
        request(source, new Waiter(then, true));
    }

    private void request(Path source, Waiter waiter) {
        Path key = source.toAbsolutePath();
        ImageStack s = stacks.get(key);
        if (s != null) {
            waiter.then().accept(s);
            return;
        }
        List<Waiter> waiting = pending.get(key);
        if (waiting != null) {
            waiting.add(waiter);
            return;
        }
        waiting = new ArrayList<>(List.of(waiter));
        pending.put(key, waiting);
        services.background().io(new ProgressTask<>("Open " + key.getFileName(), (progress, cancel) -> {
            List<ImageStack> opened = services.images().open(key, progress, cancel);
            return new Opened(key, opened.get(0), thumbnailOf(opened.get(0)));
        }), o -> {
            stacks.put(key, o.stack());
            thumbnails.put(key, o.thumbnail());
            onThumbnail.run();
            pending.remove(key).forEach(w -> w.then().accept(o.stack()));
        }, e -> {
            notifier.error(e.getMessage());
            pending.remove(key).stream().filter(Waiter::wantsFailure).forEach(w -> w.then().accept(null));
        });
    }

    /** Forgets a target's image (when it is removed). */
    void forget(Path source) {
        stacks.remove(source.toAbsolutePath());
    }

    /** A small RGB preview of the first frame (built on a worker thread). */
    static Image thumbnailOf(ImageStack stack) {
        Frame f = stack.frame(0);
        byte[] rgb = FrameRenderer.toRgb8(f);
        double step = Math.max(1.0, Math.max(f.width(), f.height()) / (double) THUMB);
        int w = Math.max(1, (int) (f.width() / step));
        int h = Math.max(1, (int) (f.height() / step));
        byte[] small = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(f.height() - 1, (int) (y * step));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(f.width() - 1, (int) (x * step));
                System.arraycopy(rgb, (sy * f.width() + sx) * 3, small, (y * w + x) * 3, 3);
            }
        }
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getByteRgbInstance(), small, 0, w * 3);
        return img;
    }
}
