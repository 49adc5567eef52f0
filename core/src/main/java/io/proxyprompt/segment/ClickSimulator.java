package io.proxyprompt.segment;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.inference.InferenceException;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.mask.MaskOps;
import io.proxyprompt.progress.CancellationToken;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The click simulation of interactive-segmentation papers (and of training/proxyprompt/clicks.next_click): the next
 * click goes to the centre (the pixel farthest from the region's border, the image edge counting as border) of the
 * largest error region of the current mask against the expert mask, positive where object was missed and negative
 * where background was marked; a missed region wins a tie.
 */
public final class ClickSimulator {

    private ClickSimulator() {
    }

    /** The next simulated click, or empty when the mask equals the expert mask. */
    public static Optional<Click> next(Mask predicted, Mask truth) {
        if (!truth.sameSize(predicted.width(), predicted.height())) {
            throw new IllegalArgumentException("the expert mask is " + truth.width() + "x" + truth.height()
                    + ", the prediction " + predicted.width() + "x" + predicted.height());
        }
        OpenCv.load();
        Mat p = MaskOps.toMat(predicted);
        Mat t = MaskOps.toMat(truth);
        Mat notP = new Mat();
        Mat notT = new Mat();
        Mat missed = new Mat();
        Mat extra = new Mat();
        try {
            Core.bitwise_not(p, notP);
            Core.bitwise_not(t, notT);
            Core.bitwise_and(t, notP, missed);
            Core.bitwise_and(p, notT, extra);
            Region best = largest(missed, true);
            Region falsePositive = largest(extra, false);
            if (best == null || (falsePositive != null && falsePositive.area > best.area)) {
                if (best != null) {
                    best.region.release();
                }
                best = falsePositive;
            } else if (falsePositive != null) {
                falsePositive.region.release();
            }
            if (best == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(centre(best));
            } finally {
                best.region.release();
            }
        } finally {
            for (Mat m : List.of(p, t, notP, notT, missed, extra)) {
                m.release();
            }
        }
    }

    private record Region(Mat region, long area, boolean positive) { }

    /** The largest 8-connected component of a 0/255 error map, or null when there is no error. */
    private static Region largest(Mat error, boolean positive) {
        if (Core.countNonZero(error) == 0) {
            return null;
        }
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        try {
            int n = Imgproc.connectedComponentsWithStats(error, labels, stats, centroids, 8, CvType.CV_32S);
            int bestLabel = 1;
            long bestArea = -1;
            for (int i = 1; i < n; i++) {
                long area = (long) stats.get(i, Imgproc.CC_STAT_AREA)[0];
                if (area > bestArea) {
                    bestArea = area;
                    bestLabel = i;
                }
            }
            Mat region = new Mat();
            Core.compare(labels, new org.opencv.core.Scalar(bestLabel), region, Core.CMP_EQ);
            return new Region(region, bestArea, positive);
        } finally {
            labels.release();
            stats.release();
            centroids.release();
        }
    }

    /** The region's pixel farthest from its border (distance transform on the region padded by one pixel). */
    private static Click centre(Region r) {
        Mat padded = new Mat();
        Mat dist = new Mat();
        try {
            Core.copyMakeBorder(r.region, padded, 1, 1, 1, 1, Core.BORDER_CONSTANT, new org.opencv.core.Scalar(0));
            Imgproc.distanceTransform(padded, dist, Imgproc.DIST_L2, 5);
            Core.MinMaxLocResult mm = Core.minMaxLoc(dist);
            return new Click((int) mm.maxLoc.x - 1, (int) mm.maxLoc.y - 1, r.positive);
        } finally {
            padded.release();
            dist.release();
        }
    }

    /**
     * Dice after 0..{@code clicks} simulated clicks on one object of one target (index 0: the automatic mask). When
     * a mask equals the expert mask no further click is made and the Dice stays.
     */
    public static List<Double> diceCurve(FewShotSegmenter segmenter, EncodedSupport support,
                                         io.proxyprompt.image.Frame target, String object, Mask automatic,
                                         Mask truth, int clicks, CancellationToken cancel) throws InferenceException {
        List<Double> dice = new ArrayList<>();
        dice.add(MaskMetrics.dice(automatic, truth));
        List<Click> given = new ArrayList<>();
        Mask current = automatic;
        for (int k = 1; k <= clicks; k++) {
            Optional<Click> c = next(current, truth);
            if (c.isPresent()) {
                given.add(c.get());
                current = segmenter.refine(support, target, object, given, null, cancel).mask();
            }
            dice.add(MaskMetrics.dice(current, truth));
        }
        return dice;
    }

    /** Clicks until the Dice reaches {@code threshold} ({@code dice.get(k)} after k clicks), {@code cap} if never. */
    public static int clicksToReach(List<Double> dice, double threshold, int cap) {
        for (int k = 0; k < dice.size(); k++) {
            if (dice.get(k) >= threshold) {
                return k;
            }
        }
        return cap;
    }
}
