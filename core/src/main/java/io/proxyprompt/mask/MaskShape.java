package io.proxyprompt.mask;

import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a mask, for plausibility checks: its connected pieces (largest first) and how compact the largest
 * one is (solidity = area / area of its convex hull; a disc is near 1, a vessel tree far below).
 *
 * @param componentAreas areas of the 8-connected pieces in pixels, largest first (empty for an empty mask)
 * @param solidity       solidity of the largest piece (1 for an empty mask)
 */
public record MaskShape(long[] componentAreas, double solidity) {

    /** Measures the mask. */
    public static MaskShape of(Mask mask) {
        MaskRegion region = MaskRegion.of(mask, 1);
        if (region == null) {
            return new MaskShape(new long[0], 1);
        }
        Mat m = region.toMat(mask);
        Components c = Components.of(m);
        try {
            double[] labelAreas = c.areas();
            long[] areas = new long[labelAreas.length - 1];
            for (int i = 1; i < labelAreas.length; i++) {
                areas[i - 1] = (long) labelAreas[i];
            }
            Arrays.sort(areas);
            for (int i = 0; i < areas.length / 2; i++) {
                long t = areas[i];
                areas[i] = areas[areas.length - 1 - i];
                areas[areas.length - 1 - i] = t;
            }
            int best = c.largest();
            boolean[] keep = new boolean[labelAreas.length];
            keep[best] = true;
            Mat largest = c.keep(m, keep);
            try {
                return new MaskShape(areas, solidity(largest, (long) labelAreas[best]));
            } finally {
                if (largest != m) {
                    largest.release();
                }
            }
        } finally {
            c.release();
            m.release();
        }
    }

    /** Number of pieces at least {@code minFraction} of the largest piece's area. */
    public int largePieces(double minFraction) {
        if (componentAreas.length == 0) {
            return 0;
        }
        return (int) Arrays.stream(componentAreas).filter(a -> a >= minFraction * componentAreas[0]).count();
    }

    /** Area / area of the convex hull of the one component in {@code largest} (8-bit 0/255). */
    private static double solidity(Mat largest, long area) {
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            Imgproc.findContours(largest, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE);
            if (contours.isEmpty()) {
                return 1;
            }
            MatOfPoint contour = contours.get(0);
            MatOfInt hullIdx = new MatOfInt();
            MatOfPoint hull = new MatOfPoint();
            MatOfPoint2f hull2f = new MatOfPoint2f();
            try {
                Imgproc.convexHull(contour, hullIdx);
                Point[] pts = contour.toArray();
                int[] idx = hullIdx.toArray();
                Point[] hp = new Point[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    hp[i] = pts[idx[i]];
                }
                hull.fromArray(hp);
                hull2f.fromArray(hp);
                // contour areas run between pixel centres: a filled shape covers its area + half its perimeter + 1
                double hullArea = Imgproc.contourArea(hull) + Imgproc.arcLength(hull2f, true) / 2 + 1;
                return Math.min(1, area / hullArea);
            } finally {
                hullIdx.release();
                hull.release();
                hull2f.release();
            }
        } finally {
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }
}
