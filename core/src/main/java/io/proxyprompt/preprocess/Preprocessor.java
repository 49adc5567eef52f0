package io.proxyprompt.preprocess;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.common.Sha256;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameRenderer;
import io.proxyprompt.mask.Mask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Turns frames and masks into model inputs as MODEL.md prescribes: RGB 0..255, longest side resized to S
 * (bilinear, aspect kept), {@code (x-mean)/std}, padded bottom/right with 0 after normalisation; masks resized
 * nearest to {0,1} and padded with 0.
 */
public final class Preprocessor {

    private final int inputSize;
    private final Normalization normalization;

    public Preprocessor(int inputSize, Normalization normalization) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive: " + inputSize);
        }
        this.inputSize = inputSize;
        this.normalization = normalization;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Renders the frame to RGB8 (window/rescale applied, grey replicated) and prepares it. */
    public PreparedImage prepare(Frame frame) {
        return prepareRgb(FrameRenderer.rgb8View(frame), frame.width(), frame.height());
    }

    /** Prepares interleaved RGB8 pixels ({@code 3*width*height} bytes). */
    public PreparedImage prepareRgb(byte[] rgb, int width, int height) {
        return prepareRgb(rgb, width, height, contentKey(rgb, width, height));
    }

    /** As {@link #prepareRgb(byte[], int, int)} with the pixels' {@link #contentKey} already computed. */
    public PreparedImage prepareRgb(byte[] rgb, int width, int height, String contentKey) {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("RGB buffer holds " + rgb.length + " bytes, expected "
                    + 3L * width * height);
        }
        OpenCv.load();
        Geometry g = Geometry.fit(width, height, inputSize);
        int s = inputSize;
        float[] tensor = new float[3 * s * s];
        Mat src = new Mat(height, width, CvType.CV_8UC3);
        Mat resized = new Mat();
        try {
            src.put(0, 0, rgb);
            Imgproc.resize(src, resized, new Size(g.scaledWidth(), g.scaledHeight()), 0, 0, Imgproc.INTER_LINEAR);
            // the 8-bit pixels cross into Java (a quarter of the float copy's bytes) and are normalised there
            byte[] hwc = new byte[g.scaledWidth() * g.scaledHeight() * 3];
            resized.get(0, 0, hwc);
            double[] mean = normalization.mean();
            double[] std = normalization.std();
            int w = g.scaledWidth();
            for (int c = 0; c < 3; c++) {
                float m = (float) mean[c];
                float inv = (float) (1.0 / std[c]);
                int plane = c * s * s;
                for (int y = 0; y < g.scaledHeight(); y++) {
                    int row = plane + y * s;
                    int srcRow = y * w * 3 + c;
                    for (int x = 0; x < w; x++) {
                        tensor[row + x] = ((hwc[srcRow + 3 * x] & 0xFF) - m) * inv;
                    }
                }
            }
        } finally {
            src.release();
            resized.release();
        }
        return new PreparedImage(tensor, g, contentKey);
    }

    /** A support mask fitted like its image: nearest resize to the valid region, values {0,1}, padded with 0. */
    public float[] prepareMask(Mask mask) {
        OpenCv.load();
        Geometry g = Geometry.fit(mask.width(), mask.height(), inputSize);
        int s = inputSize;
        float[] out = new float[s * s];
        Mat src = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        Mat resized = new Mat();
        try {
            src.put(0, 0, mask.data());
            Imgproc.resize(src, resized, new Size(g.scaledWidth(), g.scaledHeight()), 0, 0, Imgproc.INTER_NEAREST);
            byte[] small = new byte[g.scaledWidth() * g.scaledHeight()];
            resized.get(0, 0, small);
            for (int y = 0; y < g.scaledHeight(); y++) {
                for (int x = 0; x < g.scaledWidth(); x++) {
                    out[y * s + x] = small[y * g.scaledWidth() + x] != 0 ? 1f : 0f;
                }
            }
        } finally {
            src.release();
            resized.release();
        }
        return out;
    }

    /**
     * The embedding cache key (with the model id) of a frame whose model pixels are {@code rgb}: for a photograph
     * shown as decoded (its own 8-bit RGB bytes), the digest of the file it was decoded from, a twelfth of the bytes
     * of a 4-megapixel photograph to hash; otherwise the hash of the pixels.
     */
    public static String contentKey(Frame frame, byte[] rgb) {
        String digest = frame.origin() == null ? null : frame.origin().encodedDigest();
        if (digest != null && frame.pixels() instanceof io.proxyprompt.common.PixelBuffer.Bytes b && b.data() == rgb) {
            return "encoded:" + digest + ":" + frame.width() + "x" + frame.height();
        }
        return contentKey(rgb, frame.width(), frame.height());
    }

    /** SHA-256 of the size and RGB pixels: the embedding cache key (with the model id). */
    public static String contentKey(byte[] rgb, int width, int height) {
        MessageDigest md = Sha256.digest();
        md.update(ByteBuffer.allocate(8).putInt(width).putInt(height).array());
        md.update(rgb);
        return Sha256.hex(md);
    }
}
