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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The opened images behind the window, by source path: decoded off the FX thread on first use, kept with a
 * thumbnail, handed to every caller that asked while they loaded.
 */
final class ImageCache {

    /** Thumbnails are this wide at most. */
    static final int THUMB = 128;

    private final Images images;
    private final Background background;
    private final Notifier notifier;
    private final Map<Path, ImageStack> stacks = new HashMap<>();
    private final Map<Path, Image> thumbnails = new HashMap<>();
    private final Map<Path, List<Waiter>> pending = new HashMap<>();
    private Runnable onThumbnail = () -> { };

    ImageCache(Images images, Background background, Notifier notifier) {
        this.images = images;
        this.background = background;
        this.notifier = notifier;
    }

    /** Called on the FX thread whenever a new thumbnail is there. */
    void onThumbnail(Runnable r) {
        onThumbnail = r;
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

    /** Thumbnails changed: redraw what shows them. */
    void thumbnailsChanged() {
        onThumbnail.run();
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
            return new Loaded(opened.get(0), thumbnailOf(opened.get(0)));
        }), o -> {
            put(key, o.stack(), o.thumbnail());
            onThumbnail.run();
            pending.remove(key).forEach(w -> w.then().accept(o.stack()));
        }, e -> {
            notifier.error(e.getMessage());
            pending.remove(key).stream().filter(Waiter::wantsFailure).forEach(w -> w.then().accept(null));
        });
    }

    /** Forgets an image (when its target is removed). */
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
