package io.proxyprompt.mask;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** The 8-connected components of an 8-bit 0/255 Mat: labels, pixel counts and boxes; release it after use. */
final class Components {

    private final Mat labels;
    private final int[] stats;
    private final int count;

    private Components(Mat labels, int[] stats, int count) {
        this.labels = labels;
        this.stats = stats;
        this.count = count;
    }

    /** Labels the Mat's components (label 0 is the background). */
    static Components of(Mat binary) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(binary, labels, stats, centroids, 8, CvType.CV_32S);
            int[] s = new int[n * Imgproc.CC_STAT_MAX];
            stats.get(0, 0, s);
            return new Components(labels, s, n);
        } finally {
            stats.release();
            centroids.release();
        }
    }

    /**
     * The largest 8-connected component of a 0/255 Mat as a new Mat, or {@code binary} itself when it has one
     * component or none.
     */
    static Mat largestOf(Mat binary) {
        Components c = of(binary);
        try {
            int best = c.largest();
            if (best == 0) {
                return binary;
            }
            boolean[] keep = new boolean[c.count];
            keep[best] = true;
            return c.keep(binary, keep);
        } finally {
            c.release();
        }
    }

    /** Pixel count per label, label 0 (the background) first. */
    double[] areas() {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = stat(i, Imgproc.CC_STAT_AREA);
        }
        return a;
    }

    /** The label of the largest component (the first of equals), or 0 when there is none. */
    int largest() {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (best == 0 || stat(i, Imgproc.CC_STAT_AREA) > stat(best, Imgproc.CC_STAT_AREA)) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The components marked in {@code keep} (by label) as a new 0/255 Mat, or {@code binary} itself when every
     * component is kept.
     */
    Mat keep(Mat binary, boolean[] keep) {
        int kept = 0;
        int only = 0;
        for (int i = 1; i < count; i++) {
            if (keep[i]) {
                kept++;
                only = i;
            }
        }
        if (kept == count - 1) {
            return binary;
        }
        Mat out = new Mat();
        if (kept == 1) {
            Core.compare(labels, new Scalar(only), out, Core.CMP_EQ);
            return out;
        }
        binary.copyTo(out);
        Mat hit = new Mat();
        try {
            // clear each dropped component inside its own box: dropped components are the small ones
            for (int i = 1; i < count; i++) {
                if (!keep[i]) {
                    Rect box = new Rect(stat(i, Imgproc.CC_STAT_LEFT), stat(i, Imgproc.CC_STAT_TOP),
                            stat(i, Imgproc.CC_STAT_WIDTH), stat(i, Imgproc.CC_STAT_HEIGHT));
                    Mat labelBox = labels.submat(box);
                    Mat outBox = out.submat(box);
                    Core.compare(labelBox, new Scalar(i), hit, Core.CMP_EQ);
                    outBox.setTo(new Scalar(0), hit);
                    labelBox.release();
                    outBox.release();
                }
            }
        } finally {
            hit.release();
        }
        return out;
    }

    private int stat(int label, int column) {
        return stats[label * Imgproc.CC_STAT_MAX + column];
    }

    void release() {
        labels.release();
    }
}
