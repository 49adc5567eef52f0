package io.proxyprompt.mask;

import io.proxyprompt.common.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The box around a mask's inside pixels (grown by a margin, clipped to the mask): component, contour and morphology
 * work runs on an OpenCV Mat of just this box, so it costs what the object covers, not what the photograph does
 * (an optic disc is a few hundred pixels across on a 4-megapixel photograph).
 */
public record MaskRegion(int x, int y, int width, int height) {

    /**
     * The box around the inside pixels grown by {@code margin} on every side (clipped to the mask), or null when the
     * mask is empty.
     */
    public static MaskRegion of(Mask mask, int margin) {
        byte[] d = mask.data();
        int w = mask.width();
        int top = -1;
        int bottom = -1;
        int left = w;
        int right = -1;
        for (int y = 0; y < mask.height(); y++) {
            int row = y * w;
            int first = Mask.firstInside(d, row, row + w);
            if (first < 0) {
                continue;
            }
            top = top < 0 ? y : top;
            bottom = y;
            left = Math.min(left, first - row);
            // right only moves outwards, so over all rows this scans each column at most once
            for (int next = Mask.firstInside(d, row + right + 1, row + w); next >= 0;
                 next = Mask.firstInside(d, row + right + 1, row + w)) {
                right = next - row;
            }
        }
        if (top < 0) {
            return null;
        }
        int x0 = Math.max(0, left - margin);
        int y0 = Math.max(0, top - margin);
        int x1 = Math.min(w - 1, right + margin);
        int y1 = Math.min(mask.height() - 1, bottom + margin);
        return new MaskRegion(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** A new 8-bit Mat holding this box of the mask; the caller releases it. */
    Mat toMat(Mask mask) {
        OpenCv.load();
        Mat m = new Mat(height, width, CvType.CV_8UC1);
        int w = mask.width();
        if (width == w) {
            m.put(0, 0, mask.data(), y * w, height * w);
        } else {
            for (int r = 0; r < height; r++) {
                m.put(r, 0, mask.data(), (y + r) * w + x, width);
            }
        }
        return m;
    }

    /** Copies an 8-bit Mat of this box (0/255) into {@code out}, a row-major image {@code rowLength} wide. */
    void copyInto(Mat box, byte[] out, int rowLength) {
        Mat c = box.isContinuous() ? box : box.clone();
        try {
            byte[] pixels = new byte[width * height];
            c.get(0, 0, pixels);
            if (width == rowLength) {
                System.arraycopy(pixels, 0, out, y * rowLength, pixels.length);
            } else {
                for (int r = 0; r < height; r++) {
                    System.arraycopy(pixels, r * width, out, (y + r) * rowLength + x, width);
                }
            }
        } finally {
            if (c != box) {
                c.release();
            }
        }
    }
}
