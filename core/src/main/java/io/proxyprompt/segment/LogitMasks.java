package io.proxyprompt.segment;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.preprocess.Geometry;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Turns the mask decoder's low-resolution logits into a mask at the target's original size. */
public final class LogitMasks {

    private LogitMasks() {
    }

    /**
     * Maps one object's low-resolution logits back to the original image and thresholds them: bilinear upsample
     * of the {@code m x m} map to the padded {@code S x S} square, crop the valid region, bilinear resize to the
     * original size, inside where logit &gt; threshold (strictly, as OpenCV's binary threshold has it).
     *
     * @param logits holds the map at {@code offset}, row-major, {@code m*m} values
     */
    public static Mask toMask(float[] logits, int offset, int m, Geometry g, float threshold) {
        OpenCv.load();
        int s = g.inputSize();
        Mat low = new Mat(m, m, CvType.CV_32FC1);
        Mat square = new Mat();
        Mat valid = null;
        Mat orig = new Mat();
        try {
            float[] map = new float[m * m];
            System.arraycopy(logits, offset, map, 0, m * m);
            low.put(0, 0, map);
            Imgproc.resize(low, square, new Size(s, s), 0, 0, Imgproc.INTER_LINEAR);
            valid = square.submat(new Rect(0, 0, g.scaledWidth(), g.scaledHeight()));
            Imgproc.resize(valid, orig, new Size(g.originalWidth(), g.originalHeight()), 0, 0, Imgproc.INTER_LINEAR);
            // threshold and narrow to bytes in OpenCV: only the 0/255 mask crosses into Java, not the floats
            Imgproc.threshold(orig, orig, threshold, 255, Imgproc.THRESH_BINARY);
            orig.convertTo(orig, CvType.CV_8U);
            byte[] out = new byte[g.originalWidth() * g.originalHeight()];
            orig.get(0, 0, out);
            return new Mask(g.originalWidth(), g.originalHeight(), out);
        } finally {
            low.release();
            square.release();
            if (valid != null) {
                valid.release();
            }
            orig.release();
        }
    }
}
