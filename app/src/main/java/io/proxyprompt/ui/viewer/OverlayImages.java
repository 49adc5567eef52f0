package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskRegion;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keeps one coloured, transparent image per mask so overlays are drawn with a single drawImage (edits refresh only
 * the changed rectangle), and its outline polylines (traced again after an edit). A mask's first image covers only
 * the box around its inside pixels (an optic disc is a few hundred pixels of a 2-4 megapixel photograph, and
 * building, converting and drawing the whole-photograph image cost tens of milliseconds per result); the first edit
 * outside that box makes it the whole image's size, as it then stays.
 */
final class OverlayImages {

    /** An overlay image and where its top-left corner lies on the photograph. */
    record Placed(WritableImage image, int x, int y) {
    }

    private record Entry(Placed placed, Color colour) {
        WritableImage image() {
            return placed.image();
        }

        PixelRect box() {
            return new PixelRect(placed.x(), placed.y(), (int) placed.image().getWidth(),
                    (int) placed.image().getHeight());
        }
    }

    private final Map<Mask, Entry> cache = new IdentityHashMap<>();
    private final Map<Mask, java.util.List<int[]>> outlines = new IdentityHashMap<>();

    /** The outline polylines of {@code mask}, traced on first use and again after each edit. */
    java.util.List<int[]> outline(Mask mask) {
        return outlines.computeIfAbsent(mask, io.proxyprompt.edit.Outlines::of);
    }

    /** The overlay image of {@code mask} in {@code colour} and its place, built on first use. */
    Placed image(Mask mask, Color colour) {
        Entry e = cache.get(mask);
        if (e == null || !e.colour().equals(colour)) {
            e = build(mask, colour, insideBox(mask));
        }
        return e.placed();
    }

    /** Refreshes the rectangle of {@code mask} that an edit changed (no-op if the mask has no overlay yet). */
    void refresh(Mask mask, PixelRect region) {
        outlines.remove(mask);
        Entry e = cache.get(mask);
        if (e == null || region.isEmpty()) {
            return;
        }
        PixelRect r = region.clip(mask.width(), mask.height());
        if (contains(e.box(), r)) {
            write(e, mask, r);
        } else {
            build(mask, e.colour(), new PixelRect(0, 0, mask.width(), mask.height()));
        }
    }

    private Entry build(Mask mask, Color colour, PixelRect box) {
        Entry e = new Entry(new Placed(new WritableImage(box.width(), box.height()), box.x(), box.y()), colour);
        cache.put(mask, e);
        write(e, mask, box);
        return e;
    }

    private static boolean contains(PixelRect box, PixelRect r) {
        return r.x() >= box.x() && r.y() >= box.y() && r.x() + r.width() <= box.x() + box.width()
                && r.y() + r.height() <= box.y() + box.height();
    }

    /** The box around the mask's inside pixels (a single pixel at the origin when there is none). */
    static PixelRect insideBox(Mask mask) {
        MaskRegion box = MaskRegion.of(mask, 0);
        return box == null ? new PixelRect(0, 0, 1, 1) : new PixelRect(box.x(), box.y(), box.width(), box.height());
    }

    /** Forgets the overlays and outlines of every mask but {@code kept} (masks replaced by new ones). */
    void retainOnly(java.util.Collection<Mask> kept) {
        java.util.Set<Mask> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(kept);
        cache.keySet().retainAll(keep);
        outlines.keySet().retainAll(keep);
    }

    /** Forgets every overlay (when the document changes). */
    void clear() {
        cache.clear();
        outlines.clear();
    }

    private static void write(Entry e, Mask mask, PixelRect r) {
        if (r.isEmpty()) {
            return;
        }
        Color c = e.colour();
        // premultiplied BGRA, the image's own format: the pixels are copied, not converted (opaque colour or 0)
        byte b = (byte) Math.round(c.getBlue() * 255);
        byte g = (byte) Math.round(c.getGreen() * 255);
        byte red = (byte) Math.round(c.getRed() * 255);
        byte[] bgra = new byte[r.width() * r.height() * 4];
        byte[] data = mask.data();
        for (int y = 0; y < r.height(); y++) {
            int src = (r.y() + y) * mask.width() + r.x();
            int dst = y * r.width() * 4;
            for (int x = 0; x < r.width(); x++, dst += 4) {
                if (data[src + x] != 0) {
                    bgra[dst] = b;
                    bgra[dst + 1] = g;
                    bgra[dst + 2] = red;
                    bgra[dst + 3] = (byte) 0xFF;
                }
            }
        }
        e.image().getPixelWriter().setPixels(r.x() - e.placed().x(), r.y() - e.placed().y(), r.width(), r.height(),
                PixelFormat.getByteBgraPreInstance(), bgra, 0, r.width() * 4);
    }
}
