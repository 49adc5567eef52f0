package io.proxyprompt.export;

import io.proxyprompt.image.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.mask.MaskOps;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes masks as single-channel 8-bit PNGs (0/255) and label maps (0 background, object index from 1). */
public final class PngMasks {

    private PngMasks() {
    }

    /** Writes one mask at its own size as a 0/255 PNG, atomically. */
    public static void writeMask(Mask mask, Path file, boolean overwrite) throws IOException {
        Mat m = MaskOps.toMat(mask);
        try {
            AtomicFiles.write(file, encodePng(m), overwrite);
        } finally {
            m.release();
        }
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
        OpenCv.load();
        Mat m = new Mat(h, w, CvType.CV_8UC1);
        try {
            m.put(0, 0, labels);
            AtomicFiles.write(file, encodePng(m), overwrite);
        } finally {
            m.release();
        }
    }

    /** Reads a mask PNG; see {@link MaskFiles#read(Path)}. */
    public static Mask readMask(Path file) throws IOException {
        return MaskFiles.read(file);
    }

    private static byte[] encodePng(Mat m) throws IOException {
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".png", m, out)) {
                throw new IOException("PNG encoding failed");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }
}
