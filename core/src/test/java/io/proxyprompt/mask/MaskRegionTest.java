package io.proxyprompt.mask;

import io.proxyprompt.common.OpenCv;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The mask operations work on the box around the inside pixels only; on random shapes (rings, specks, pieces on
 * the image's edges) they give exactly what the same OpenCV calls give on the whole image.
 */
class MaskRegionTest {

    /** Random blobs, rings and specks; some touch the image's edges. */
    private static Mask shapes(int w, int h, long seed) {
        OpenCv.load();
        Random r = new Random(seed);
        Mat m = Mat.zeros(h, w, CvType.CV_8UC1);
        try {
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                Point c = new Point(r.nextInt(w), r.nextInt(h));
                int radius = 1 + r.nextInt(Math.max(2, w / 5));
                Imgproc.circle(m, c, radius, new Scalar(255), r.nextBoolean() ? -1 : 1 + r.nextInt(3));
            }
            for (int i = 0; i < r.nextInt(20); i++) {
                m.put(r.nextInt(h), r.nextInt(w), 255);
            }
            return MaskOps.fromMat(m);
        } finally {
            m.release();
        }
    }

    private static Mask wholeImage(Mask mask, java.util.function.Consumer<Mat> op) {
        Mat m = MaskOps.toMat(mask);
        try {
            op.accept(m);
            return MaskOps.fromMat(m);
        } finally {
            m.release();
        }
    }

    private static Mask fillHolesWhole(Mask mask) {
        return wholeImage(mask, m -> {
            List<MatOfPoint> contours = new ArrayList<>();
            Mat hierarchy = new Mat();
            Imgproc.findContours(m, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE);
            Imgproc.drawContours(m, contours, -1, new Scalar(255), Imgproc.FILLED);
            hierarchy.release();
        });
    }

    /** Keeps the components with at least {@code minArea} pixels, or only the largest when minArea is negative. */
    private static Mask componentsWhole(Mask mask, int minArea) {
        return wholeImage(mask, m -> {
            Mat labels = new Mat();
            Mat stats = new Mat();
            Mat centroids = new Mat();
            int n = Imgproc.connectedComponentsWithStats(m, labels, stats, centroids, 8, CvType.CV_32S);
            int best = 1;
            for (int i = 2; i < n; i++) {
                if (stats.get(i, Imgproc.CC_STAT_AREA)[0] > stats.get(best, Imgproc.CC_STAT_AREA)[0]) {
                    best = i;
                }
            }
            int[] lab = new int[m.rows() * m.cols()];
            labels.get(0, 0, lab);
            byte[] out = new byte[lab.length];
            for (int i = 0; i < lab.length; i++) {
                boolean keep = lab[i] > 0 && (minArea < 0 ? lab[i] == best
                        : stats.get(lab[i], Imgproc.CC_STAT_AREA)[0] >= minArea);
                out[i] = keep ? (byte) 255 : 0;
            }
            m.put(0, 0, out);
            labels.release();
            stats.release();
            centroids.release();
        });
    }

    private static Mask morphWhole(Mask mask, int radius, int op) {
        return wholeImage(mask, m -> {
            Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * radius + 1, 2 * radius + 1));
            Imgproc.morphologyEx(m, m, op, k);
            k.release();
        });
    }

    @Test
    void regionOperationsEqualTheWholeImageOnes() {
        for (long seed = 0; seed < 60; seed++) {
            Mask m = shapes(97 + (int) seed % 7, 64 + (int) seed % 5, seed);
            String at = "seed " + seed;
            assertEquals(fillHolesWhole(m), MaskOps.fillHoles(m), at);
            assertEquals(componentsWhole(m, 6), MaskOps.removeSmallComponents(m, 6), at);
            assertEquals(componentsWhole(fillHolesWhole(m), 6), MaskOps.cleaned(m, true, 6), at);
            assertEquals(componentsWhole(m, 9), MaskOps.cleaned(m, false, 9), at);
            assertEquals(fillHolesWhole(m), MaskOps.cleaned(m, true, 1), at);
            if (!m.isEmpty()) {
                assertEquals(componentsWhole(m, -1), MaskMetrics.largestComponent(m), at);
            }
            assertEquals(morphWhole(m, 3, Imgproc.MORPH_DILATE), MaskOps.dilate(m, 3), at);
            assertEquals(morphWhole(m, 2, Imgproc.MORPH_ERODE), MaskOps.erode(m, 2), at);
        }
    }

    @Test
    void theAnatomicalRulesInOnePassEqualTheirStepsOnTheWholeImage() {
        for (long seed = 200; seed < 260; seed++) {
            Mask m = shapes(97 + (int) seed % 7, 64 + (int) seed % 5, seed);
            Mask container = shapes(97 + (int) seed % 7, 64 + (int) seed % 5, seed + 1000);
            String at = "seed " + seed;
            Mask solid = m.isEmpty() ? m : fillHolesWhole(componentsWhole(m, -1));
            assertEquals(solid, MaskOps.largestFilledRegion(m, null), at);
            Mask clipped = MaskOps.keepInside(solid, container);
            assertEquals(clipped.isEmpty() ? clipped : componentsWhole(clipped, -1),
                    MaskOps.largestFilledRegion(m, container), at + " inside a container");
        }
    }

    @Test
    void theShapeMeasuresOfTheBoxEqualThoseOfTheWholeImage() {
        for (long seed = 100; seed < 130; seed++) {
            Mask m = shapes(120, 90, seed);
            if (m.isEmpty()) {
                continue;
            }
            MaskShape shape = MaskShape.of(m);
            Mask largest = componentsWhole(m, -1);
            Mat whole = MaskOps.toMat(largest);
            List<MatOfPoint> contours = new ArrayList<>();
            Mat hierarchy = new Mat();
            Imgproc.findContours(whole, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_NONE);
            MatOfPoint hull = new MatOfPoint();
            org.opencv.core.MatOfInt idx = new org.opencv.core.MatOfInt();
            Imgproc.convexHull(contours.get(0), idx);
            Point[] pts = contours.get(0).toArray();
            Point[] hp = java.util.Arrays.stream(idx.toArray()).mapToObj(i -> pts[i]).toArray(Point[]::new);
            hull.fromArray(hp);
            double hullArea = Imgproc.contourArea(hull)
                    + Imgproc.arcLength(new org.opencv.core.MatOfPoint2f(hp), true) / 2 + 1;
            assertEquals(Math.min(1, largest.area() / hullArea), shape.solidity(), 1e-12, "seed " + seed);
            assertEquals(largest.area(), shape.componentAreas()[0], "seed " + seed);
            whole.release();
            hierarchy.release();
        }
    }

    @Test
    void theBoxHoldsEveryInsidePixelAndNoMore() {
        Mask m = new Mask(50, 40);
        assertNull(MaskRegion.of(m, 2));
        m.set(7, 30, true);
        m.set(44, 3, true);
        m.set(20, 39, true);
        assertEquals(new MaskRegion(7, 3, 38, 37), MaskRegion.of(m, 0));
        assertEquals(new MaskRegion(5, 1, 42, 39), MaskRegion.of(m, 2));
        assertEquals(3, m.area());
        Mat box = MaskRegion.of(m, 0).toMat(m);
        byte[] back = new byte[m.data().length];
        MaskRegion.of(m, 0).copyInto(box, back, m.width());
        box.release();
        assertArrayEquals(m.data(), back);
    }

    @Test
    void theFieldOfViewIsTheLargestBrightRegionWithItsHolesFilled() {
        OpenCv.load();
        int w = 160;
        int h = 120;
        Mat img = Mat.zeros(h, w, CvType.CV_8UC3);
        Imgproc.circle(img, new Point(80, 60), 50, new Scalar(120, 60, 30), -1);
        Imgproc.circle(img, new Point(80, 60), 8, new Scalar(5, 5, 5), -1);   // a dark spot inside: a hole
        Imgproc.circle(img, new Point(150, 10), 4, new Scalar(200, 0, 0), -1); // a bright speck outside
        byte[] rgb = new byte[w * h * 3];
        img.get(0, 0, rgb);
        Mat red = new Mat();
        Core.extractChannel(img, red, 0);
        Imgproc.threshold(red, red, 20, 255, Imgproc.THRESH_BINARY);
        Mask expected = fillHolesWhole(componentsWhole(MaskOps.fromMat(red), -1));
        assertEquals(expected, MaskMetrics.fieldOfView(rgb, w, h));
        img.release();
        red.release();
    }
}
