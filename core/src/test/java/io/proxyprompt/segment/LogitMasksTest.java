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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logits become the same mask whether the threshold runs in OpenCV or over the full-size floats in Java. */
class LogitMasksTest {

    /** The straightforward form: upsample, crop, resize, then compare every full-size float with the threshold. */
    private static byte[] reference(float[] logits, int offset, int m, Geometry g, float threshold) {
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
        byte[] out = new byte[full.length];
        for (int i = 0; i < full.length; i++) {
            out[i] = full[i] > threshold ? Mask.INSIDE : 0;
        }
        low.release();
        square.release();
        valid.release();
        orig.release();
        return out;
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
                Mask mask = LogitMasks.toMask(logits, m * m, m, g, threshold);
                byte[] expected = reference(logits, m * m, m, g, threshold);
                assertArrayEquals(expected, mask.data(), size[0] + "x" + size[1] + " at " + threshold);
                assertTrue(mask.area() > 0 && mask.area() < expected.length, "a mixed mask was tested");
            }
        }
    }
}
