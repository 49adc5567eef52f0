package io.proxyprompt.edit;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskOps;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

/**
 * The outline of a mask as closed polylines through its boundary pixels, every piece and every hole, so that a
 * viewer can draw it as a thin line at any zoom: detached pieces and specks show as small rings.
 */
public final class Outlines {

    private Outlines() {
    }

    /** Closed polylines, each {@code x0, y0, x1, y1, ...} in pixel coordinates (empty for an empty mask). */
    public static List<int[]> of(Mask mask) {
        if (mask.isEmpty()) {
            return List.of();
        }
        OpenCv.load();
        Mat m = MaskOps.toMat(mask);
        Mat hierarchy = new Mat();
        List<MatOfPoint> contours = new ArrayList<>();
        try {
            Imgproc.findContours(m, contours, hierarchy, Imgproc.RETR_LIST, Imgproc.CHAIN_APPROX_SIMPLE);
            List<int[]> out = new ArrayList<>(contours.size());
            for (MatOfPoint c : contours) {
                int[] xy = new int[(int) c.total() * 2];
                c.get(0, 0, xy);
                out.add(xy);
            }
            return out;
        } finally {
            m.release();
            hierarchy.release();
            contours.forEach(Mat::release);
        }
    }
}
