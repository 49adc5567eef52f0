package io.proxyprompt.cli;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.testing.TinyModel;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Synthetic images, masks and a captured console for the command tests. */
final class CliFixtures {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(io.proxyprompt.cli.Command c, String... args) {
        return c.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static Path image(Path file, int w, int h, int seed) {
        OpenCv.load();
        Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(40, 80, 160));
        try {
            Random r = new Random(seed);
            byte[] px = new byte[w * h * 3];
            m.get(0, 0, px);
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) ((px[i] & 0xFF) + r.nextInt(40));
            }
            m.put(0, 0, px);
            if (!Imgcodecs.imwrite(file.toString(), m)) {
                throw new IllegalStateException("could not write " + file);
            }
            return file;
        } finally {
            m.release();
        }
    }

    /** A DICOM photograph (VL Photographic Image) of random pixels, written by the project's own writer. */
    static Path dicomPhoto(Path file, int w, int h, int seed) throws Exception {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        new io.proxyprompt.dicom.PhotoWriter(new io.proxyprompt.dicom.DicomWriter()).write(file, w, h, rgb,
                io.proxyprompt.dicom.PhotoWriter.Subject.anonymous());
        return file;
    }

    static Path mask(Path file, Mask mask) throws Exception {
        MaskFiles.write(file, mask, AtomicFiles.Existing.REPLACE);
        return file;
    }

    static Mask topLeft(int w, int h) {
        return TinyModel.rect(w, h, 0, 0, w / 2, h / 2);
    }
}
