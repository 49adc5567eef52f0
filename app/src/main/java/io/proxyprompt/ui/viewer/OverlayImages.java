package io.proxyprompt.ui.viewer;

import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.mask.Mask;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keeps one coloured, transparent image per mask so overlays are drawn with a single drawImage (edits refresh only
 * the changed rectangle), and its outline polylines (traced again after an edit).
 */
final class OverlayImages {

    private record Entry(WritableImage image, Color colour) {
    }

    private final Map<Mask, Entry> cache = new IdentityHashMap<>();
    private final Map<Mask, java.util.List<int[]>> outlines = new IdentityHashMap<>();

    /** The outline polylines of {@code mask}, traced on first use and again after each edit. */
    java.util.List<int[]> outline(Mask mask) {
        return outlines.computeIfAbsent(mask, io.proxyprompt.edit.Outlines::of);
    }

    /** The overlay image of {@code mask} in {@code colour}, built on first use. */
    WritableImage image(Mask mask, Color colour) {
        Entry e = cache.get(mask);
        if (e == null || !e.colour().equals(colour)) {
            WritableImage img = new WritableImage(mask.width(), mask.height());
            e = new Entry(img, colour);
            cache.put(mask, e);
            write(e, mask, new PixelRect(0, 0, mask.width(), mask.height()));
        }
        return e.image();
    }

    /** Refreshes the rectangle of {@code mask} that an edit changed (no-op if the mask has no overlay yet). */
    void refresh(Mask mask, PixelRect region) {
        outlines.remove(mask);
        Entry e = cache.get(mask);
        if (e != null && !region.isEmpty()) {
            write(e, mask, region.clip(mask.width(), mask.height()));
        }
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
        e.image().getPixelWriter().setPixels(r.x(), r.y(), r.width(), r.height(),
                PixelFormat.getByteBgraPreInstance(), bgra, 0, r.width() * 4);
    }
}
