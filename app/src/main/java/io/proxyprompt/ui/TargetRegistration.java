package io.proxyprompt.ui;

import io.proxyprompt.application.TargetNames;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.session.PrefKey;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.scene.image.Image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opening files and folders as targets: expands them by the application's one folder rule, decodes them off the FX
 * thread into the {@link ImageCache}, registers each new one in the workspace under a unique name, saves, keeps the
 * recent-files list and reports every file that failed by name.
 */
final class TargetRegistration {

    private final Services services;
    private final ImageCache cache;
    private final Notifier notifier;
    private Consumer<TargetEntry> onTargetAdded = t -> { };

    TargetRegistration(Services services, ImageCache cache, Notifier notifier) {
        this.services = services;
        this.cache = cache;
        this.notifier = notifier;
    }

    private Workspace workspace() {
        return services.workspace();
    }

    void onTargetAdded(Consumer<TargetEntry> c) {
        onTargetAdded = c;
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
                        opened.add(new Opened(p, s, cache.thumbnail(keyOf(p, s), s)));
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

    private void added(OpenResult r) {
        int count = 0;
        for (Opened o : r.opened()) {
            Path key = keyOf(o.path(), o.stack());
            cache.put(key, o.stack(), o.thumbnail());
            if (workspace().findTarget(key).isEmpty()) {
                String name = TargetNames.unique(key, workspace().targets().stream().map(TargetEntry::name).toList());
                TargetEntry t = workspace().addTarget(key, name);
                onTargetAdded.accept(t);
                count++;
            }
        }
        if (count > 0) {
            services.autosave();
        }
        if (!r.opened().isEmpty()) {
            remember(r.opened().stream().map(Opened::path).distinct().toList());
        }
        cache.thumbnailsChanged(r.opened().stream().map(o -> keyOf(o.path(), o.stack())).toList());
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

    /** Recently opened files and folders, newest first. */
    List<Path> recent() {
        String text = services.prefs().get(PrefKey.RECENT);
        return text.isBlank() ? List.of() : text.lines().filter(l -> !l.isBlank()).map(Path::of).toList();
    }

    /** Puts the paths first in the recent list and saves the preferences off the FX thread. */
    void remember(List<Path> paths) {
        LinkedHashSet<Path> next = new LinkedHashSet<>();
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
}
