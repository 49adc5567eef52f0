package io.proxyprompt.export;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes label maps: one single-channel 8-bit PNG per frame, 0 background, object index from 1. */
public final class PngMasks {

    private PngMasks() {
    }

    /**
     * Writes a label map: pixel = 1 + index of the last object (in order) covering it, 0 for background.
     * All masks must have the same size.
     */
    public static void writeLabelMap(List<Mask> objects, Path file, boolean overwrite) throws IOException {
        if (objects.isEmpty() || objects.size() > 255) {
            throw new IllegalArgumentException("a label map holds 1..255 objects, got " + objects.size());
        }
        int w = objects.get(0).width();
        int h = objects.get(0).height();
        byte[] labels = new byte[w * h];
        for (int k = 0; k < objects.size(); k++) {
            Mask mk = objects.get(k);
            if (!mk.sameSize(w, h)) {
                throw new IllegalArgumentException("label map objects differ in size");
            }
            byte[] d = mk.data();
            for (int i = 0; i < d.length; i++) {
                if (d[i] != 0) {
                    labels[i] = (byte) (k + 1);
                }
            }
        }
        AtomicFiles.write(file, MaskFiles.encodePng(w, h, labels), AtomicFiles.Existing.replaceIf(overwrite));
    }
}
