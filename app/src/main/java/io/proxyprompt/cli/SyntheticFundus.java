package io.proxyprompt.cli;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.common.OpenCv;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskOps;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

import java.nio.file.Path;
import java.util.Random;

/** Seeded fundus-like photographs (field of view, optic disc, vessels) with their disc masks, for {@code bench}. */
final class SyntheticFundus {

    /** A generated image and its disc and vessel masks. */
    record Sample(Frame image, Mask disc, Mask vessel) { }

    private SyntheticFundus() {
    }

    static Sample make(int width, int height, long seed) {
        OpenCv.load();
        Random r = new Random(seed);
        Mat img = new Mat(height, width, CvType.CV_8UC3, new Scalar(0, 0, 0));
        Mat disc = new Mat(height, width, CvType.CV_8UC1, new Scalar(0));
        Mat vessel = new Mat(height, width, CvType.CV_8UC1, new Scalar(0));
        try {
            Point centre = new Point(width / 2.0, height / 2.0);
            int radius = (int) (Math.min(width, height) * 0.47);
            Imgproc.circle(img, centre, radius, new Scalar(150 + r.nextInt(40), 60 + r.nextInt(30), 20), -1);
            Point dc = new Point(width * (0.3 + 0.4 * r.nextDouble()), height * (0.35 + 0.3 * r.nextDouble()));
            int dr = (int) (radius * (0.12 + 0.04 * r.nextDouble()));
            Imgproc.circle(img, dc, dr, new Scalar(235, 200, 120), -1);
            Imgproc.circle(disc, dc, dr, new Scalar(255), -1);
            for (int v = 0; v < 8; v++) {
                double angle = r.nextDouble() * Math.PI * 2;
                Point end = new Point(dc.x + Math.cos(angle) * radius, dc.y + Math.sin(angle) * radius);
                int thick = 2 + r.nextInt(4);
                Imgproc.line(img, dc, end, new Scalar(110, 25, 15), thick);
                Imgproc.line(vessel, dc, end, new Scalar(255), thick);
            }
            Mat fov = new Mat(height, width, CvType.CV_8UC1, new Scalar(0));
            Imgproc.circle(fov, centre, radius, new Scalar(255), -1);
            org.opencv.core.Core.bitwise_and(vessel, fov, vessel);
            fov.release();
            byte[] bgrOrRgb = new byte[width * height * 3];
            img.get(0, 0, bgrOrRgb);
            for (int i = 0; i < bgrOrRgb.length; i++) {
                int noise = (int) (r.nextGaussian() * 6);
                bgrOrRgb[i] = (byte) Math.max(0, Math.min(255, (bgrOrRgb[i] & 0xFF) + noise));
            }
            Frame frame = Frame.photo(width, height, 3, bgrOrRgb,
                    new FrameOrigin(Path.of("synthetic-" + seed + ".png"), null, 0));
            return new Sample(frame, MaskOps.fromMat(disc), MaskOps.fromMat(vessel));
        } finally {
            img.release();
            disc.release();
            vessel.release();
        }
    }
}
