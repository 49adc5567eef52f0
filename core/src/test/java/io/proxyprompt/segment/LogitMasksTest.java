package io.proxyprompt.segment;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.preprocess.Geometry;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logits become the mask that OpenCV's full-size bilinear resize and a threshold give, although only the box where
 * the mask can be inside is computed (pixels whose logit lies within a rounding error of the threshold may differ).
 */
class LogitMasksTest {

    /** The straightforward form: upsample, crop, resize to full size in OpenCV; the full-size logits. */
    private static float[] reference(float[] logits, int offset, int m, Geometry g) {
        Mat low = new Mat(m, m, CvType.CV_32FC1);
        Mat square = new Mat();
        Mat orig = new Mat();
        float[] map = new float[m * m];
        System.arraycopy(logits, offset, map, 0, m * m);
        low.put(0, 0, map);
        Imgproc.resize(low, square, new Size(g.inputSize(), g.inputSize()), 0, 0, Imgproc.INTER_LINEAR);
        Mat valid = square.submat(new Rect(0, 0, g.scaledWidth(), g.scaledHeight()));
        Imgproc.resize(valid, orig, new Size(g.originalWidth(), g.originalHeight()), 0, 0, Imgproc.INTER_LINEAR);
        float[] full = new float[g.originalWidth() * g.originalHeight()];
        orig.get(0, 0, full);
        low.release();
        square.release();
        valid.release();
        orig.release();
        return full;
    }

    /** Asserts the mask is the full-size logits above the threshold, except within a rounding error of it. */
    private static void assertSameMask(float[] full, float threshold, Mask mask, String what) {
        byte[] d = mask.data();
        int inside = 0;
        for (int i = 0; i < full.length; i++) {
            boolean expected = full[i] > threshold;
            inside += expected ? 1 : 0;
            if (Math.abs(full[i] - threshold) > 1e-4f) {
                assertEquals(expected, d[i] != 0, what + " at pixel " + i + " (logit " + full[i] + ")");
            }
        }
        assertTrue(inside > 0 && inside < full.length, "a mixed mask was tested: " + what);
        assertEquals(inside, mask.area(), full.length * 1e-4 + 2, what + ": area");
    }

    @Test
    void theMaskEqualsTheFullSizeFloatComparison() {
        OpenCv.load();
        Random r = new Random(7);
        int m = 24;
        float[] logits = new float[2 * m * m];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        for (int[] size : new int[][] {{301, 200}, {96, 96}, {150, 411}, {1000, 37}}) {
            Geometry g = Geometry.fit(size[0], size[1], 96);
            for (float threshold : new float[] {0f, 0.7f, -1.2f}) {
                assertSameMask(reference(logits, m * m, m, g), threshold,
                        LogitMasks.toMask(logits, m * m, m, g, threshold), size[0] + "x" + size[1] + " at " + threshold);
            }
        }
    }

    @Test
    void aSmallObjectOnALargePhotographIsTheSameAsTheWholeResize() {
        OpenCv.load();
        int m = 48;
        float[] logits = new float[m * m];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                logits[y * m + x] = (float) (4 - Math.hypot(x - 20.3, y - 11.7)); // a disc of radius 4 cells
            }
        }
        for (int[] size : new int[][] {{2448, 1632}, {1632, 2448}, {777, 1301}}) {
            Geometry g = Geometry.fit(size[0], size[1], 192);
            for (float threshold : new float[] {0f, 2.5f}) {
                assertSameMask(reference(logits, 0, m, g), threshold, LogitMasks.toMask(logits, 0, m, g, threshold),
                        size[0] + "x" + size[1] + " at " + threshold);
            }
        }
        float[] none = new float[m * m];
        java.util.Arrays.fill(none, -3f);
        assertTrue(LogitMasks.toMask(none, 0, m, Geometry.fit(2448, 1632, 192), 0f).isEmpty());
    }

    @Test
    void anObjectTouchingEveryEdgeIsTheSameAsTheWholeResize() {
        OpenCv.load();
        int m = 16;
        float[] logits = new float[m * m];
        for (int i = 0; i < logits.length; i++) {
            int x = i % m;
            int y = i / m;
            logits[i] = x == 0 || y == 0 || x == m - 1 || y == m - 1 ? 5f : -5f;
        }
        Geometry g = Geometry.fit(1001, 703, 64);
        assertSameMask(reference(logits, 0, m, g), 0f, LogitMasks.toMask(logits, 0, m, g, 0f), "edges");
    }
}
