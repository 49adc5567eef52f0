package io.proxyprompt.ui;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The opened images behind the window, by source path: decoded off the FX thread on first use (a target is decoded
 * when it is shown or run, not when the workspace opens), kept with a thumbnail, handed to every caller that asked
 * while they loaded. Thumbnails are also kept on disk ({@link ThumbnailStore}) so that a restart lists the targets
 * with their thumbnails before any photograph is decoded.
 */
final class ImageCache {

    /** Thumbnails are this wide at most. */
    static final int THUMB = 128;

    private final Images images;
    private final Background background;
    private final Notifier notifier;
    private final ThumbnailStore stored;
    private final Map<Path, ImageStack> stacks = new HashMap<>();
    private final Map<Path, Image> thumbnails = new HashMap<>();
    private final Map<Path, List<Waiter>> pending = new HashMap<>();
    private Consumer<Set<Path>> onThumbnail = changed -> { };

    ImageCache(Images images, Background background, Notifier notifier, ThumbnailStore stored) {
        this.images = images;
        this.background = background;
        this.notifier = notifier;
        this.stored = stored;
    }

    /**
     * Shows the stored thumbnails of these sources without decoding them (read in the background); a source with
     * no stored thumbnail yet (a workspace saved by an older version) is decoded for it, one after the other.
     */
    void restoreThumbnails(List<Path> sources) {
        List<Path> keys = sources.stream().map(Path::toAbsolutePath).distinct().toList();
        background.io(new ProgressTask<>("Read thumbnails", (progress, cancel) -> {
            Map<Path, Image> found = new HashMap<>();
            for (Path k : keys) {
                cancel.throwIfCancelled();
                Image i = stored.read(k);
                if (i != null) {
                    found.put(k, i);
                }
            }
            return found;
        }), found -> {
            Set<Path> shown = new HashSet<>();
            found.forEach((k, i) -> {
                if (thumbnails.putIfAbsent(k, i) == null) {
                    shown.add(k);
                }
            });
            onThumbnail.accept(shown);
            makeMissing(keys.stream().filter(k -> !thumbnails.containsKey(k)).toList(), 0);
        }, e -> notifier.error("Could not read the thumbnails: " + e.getMessage()));
    }

    private void makeMissing(List<Path> missing, int i) {
        if (i < missing.size()) {
            withStackOrNull(missing.get(i), s -> makeMissing(missing, i + 1));
        }
    }

    /** Called on the FX thread with the sources (absolute paths) whose thumbnails are new. */
    void onThumbnail(Consumer<Set<Path>> changed) {
        onThumbnail = changed;
    }

    ImageStack stack(Path source) {
        return stacks.get(source.toAbsolutePath());
    }

    Image thumbnail(Path source) {
        return thumbnails.get(source.toAbsolutePath());
    }

    /** Keeps an image opened elsewhere (e.g. when targets are opened together). */
    void put(Path source, ImageStack stack, Image thumbnail) {
        Path key = source.toAbsolutePath();
        stacks.put(key, stack);
        thumbnails.put(key, thumbnail);
    }

    /** These sources' thumbnails changed: redraw what shows them. */
    void thumbnailsChanged(Collection<Path> sources) {
        Set<Path> keys = new HashSet<>();
        sources.forEach(p -> keys.add(p.toAbsolutePath()));
        onThumbnail.accept(keys);
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

    private record Loaded(ImageStack stack, Image thumbnail) {
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
        background.io(new ProgressTask<>("Open " + key.getFileName(), (progress, cancel) -> {
            List<ImageStack> opened = images.open(key, progress, cancel);
            return new Loaded(opened.get(0), thumbnail(key, opened.get(0)));
        }), o -> {
            stacks.put(key, o.stack());
            // a thumbnail already shown (read from the store) stays: replacing it with an equal one repaints rows
            if (thumbnails.putIfAbsent(key, o.thumbnail()) == null) {
                onThumbnail.accept(Set.of(key));
            }
            pending.remove(key).forEach(w -> w.then().accept(o.stack()));
        }, e -> {
            notifier.error(e.getMessage());
            pending.remove(key).stream().filter(Waiter::wantsFailure).forEach(w -> w.then().accept(null));
        });
    }

    /**
     * Opens the images one after the other in the background (those not open yet), then runs {@code then} on the
     * FX thread; an image that cannot be opened is reported by the cache and left out.
     */
    void withStacks(List<Path> sources, Runnable then) {
        withStacks(sources, 0, then);
    }

    private void withStacks(List<Path> sources, int i, Runnable then) {
        if (i >= sources.size()) {
            then.run();
        } else if (stack(sources.get(i)) != null) {
            withStacks(sources, i + 1, then);
        } else {
            withStackOrNull(sources.get(i), s -> withStacks(sources, i + 1, then));
        }
    }

    /**
     * Whether the source is DICOM: by its opened image, or before it is opened by its content (a folder is a
     * DICOM series).
     */
    boolean isDicom(Path source) {
        ImageStack s = stack(source);
        if (s != null) {
            return s.kind() == ImageStack.Kind.DICOM;
        }
        return java.nio.file.Files.isDirectory(source) || io.proxyprompt.application.SupportMasks.isDicom(source);
    }

    /** Forgets an image (when its target is removed). */
    void forget(Path source) {
        stacks.remove(source.toAbsolutePath());
    }

    /** A small RGB preview of the first frame, stored on disk for the next start (called on a worker thread). */
    Image thumbnail(Path source, ImageStack stack) {
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
        stored.write(source, small, w, h);
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getByteRgbInstance(), small, 0, w * 3);
        return img;
    }
}
