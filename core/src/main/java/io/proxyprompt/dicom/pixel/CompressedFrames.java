package io.proxyprompt.dicom.pixel;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.CvType;
import org.opencv.imgcodecs.Imgcodecs;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes compressed frames with real decoders: JPEG baseline and JPEG 2000 / HTJ2K with OpenCV (which bundles
 * libjpeg and OpenJPEG), JPEG lossless with the TwelveMonkeys ImageIO plugin. Output is native little-endian
 * bytes, interleaved, in the photometric interpretation returned by {@link Result#photometric()}.
 */
final class CompressedFrames {

    /** Decoded frame bytes and the photometric interpretation they are now in. */
    record Result(byte[] data, String photometric) { }

    private CompressedFrames() {
    }

    /** JPEG baseline/extended (8-bit only: 12-bit extended has no decoder here). */
    static Result jpeg(byte[] frame, PixelFormat f) throws PixelException {
        int precision = jpegPrecision(frame);
        if (precision != 8) {
            throw new PixelException(precision < 0 ? "JPEG frame has no SOF marker"
                    : precision + "-bit JPEG (extended) has no decoder here");
        }
        return viaOpenCv(frame, f, false, "JPEG");
    }

    static Result jpeg2000(byte[] frame, PixelFormat f) throws PixelException {
        byte[] stream = frame;
        boolean signedComponents = false;
        int siz = indexOf(frame, (byte) 0xFF, (byte) 0x51);
        if (siz >= 0 && siz + 40 < frame.length) {
            int components = (frame[siz + 38] & 0xFF) << 8 | (frame[siz + 39] & 0xFF);
            for (int c = 0; c < components && siz + 40 + 3 * c < frame.length; c++) {
                if ((frame[siz + 40 + 3 * c] & 0x80) != 0) {
                    if (!signedComponents) {
                        stream = frame.clone();
                        signedComponents = true;
                    }
                    // OpenCV refuses signed components: decode as unsigned, then undo the level shift (DICOM.md).
                    stream[siz + 40 + 3 * c] &= 0x7F;
                }
            }
        }
        Result r = viaOpenCv(stream, f, signedComponents, "JPEG 2000");
        // After MCT the decoder hands back RGB; YBR_FULL without MCT is still YCbCr and is converted later.
        String photometric = f.photometric().equals("YBR_FULL") ? "YBR_FULL" : r.photometric();
        return new Result(r.data(), photometric);
    }

    /**
     * A 1-bit JPEG 2000 frame (a BINARY segmentation), as 0/255 bytes. OpenCV refuses precision below 8 bits, so
     * the component's precision in the SIZ marker is raised from 1 to 8: a reversible 1-bit stream then decodes
     * to 127 (was 0) and 128 (was 1), because only the DC level shift changes with the precision. Checked
     * pixel-exact against OpenJPEG's opj_decompress on a real 1-bit SEG (DecodeJpeg2000BitsTest).
     */
    static byte[] jpeg2000Bits(byte[] frame, PixelFormat f) throws PixelException {
        int siz = indexOf(frame, (byte) 0xFF, (byte) 0x51);
        if (siz < 0 || siz + 43 > frame.length) {
            throw new PixelException("JPEG 2000 frame has no SIZ marker");
        }
        int components = (frame[siz + 38] & 0xFF) << 8 | (frame[siz + 39] & 0xFF);
        int ssiz = frame[siz + 40] & 0xFF;
        if (components != 1 || ssiz != 0) {
            throw new PixelException("a 1-bit (Bits Allocated 1) frame holds a JPEG 2000 stream of " + components
                    + " component(s) of " + ((ssiz & 0x7F) + 1) + " bits; the header and the stream disagree");
        }
        byte[] stream = frame.clone();
        stream[siz + 40] = 7;
        OpenCvLoader.ensureLoaded();
        try (var closer = new MatCloser()) {
            MatOfByte buf = closer.add(new MatOfByte(stream));
            Mat m = closer.add(Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED));
            if (m.empty() || m.depth() != CvType.CV_8U || m.channels() != 1) {
                throw new PixelException("JPEG 2000 decoder could not decode the 1-bit frame (corrupt stream)");
            }
            if (m.cols() != f.columns() || m.rows() != f.rows()) {
                throw new PixelException("JPEG 2000 frame is " + m.cols() + "x" + m.rows() + " but the header says "
                        + f.columns() + "x" + f.rows());
            }
            byte[] g = new byte[f.rows() * f.columns()];
            m.get(0, 0, g);
            for (int i = 0; i < g.length; i++) {
                g[i] = (g[i] & 0xFF) >= 128 ? (byte) 255 : 0;
            }
            return g;
        }
    }

    private static Result viaOpenCv(byte[] stream, PixelFormat f, boolean levelShift, String what)
            throws PixelException {
        OpenCvLoader.ensureLoaded();
        try (var closer = new MatCloser()) {
            MatOfByte buf = closer.add(new MatOfByte(stream));
            Mat m = closer.add(Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_UNCHANGED));
            if (m.empty()) {
                throw new PixelException(what + " decoder could not decode the frame (corrupt or unsupported stream)");
            }
            if (m.cols() != f.columns() || m.rows() != f.rows() || m.channels() != f.samplesPerPixel()) {
                throw new PixelException(what + " frame is " + m.cols() + "x" + m.rows() + "x" + m.channels()
                        + " but the header says " + f.columns() + "x" + f.rows() + "x" + f.samplesPerPixel());
            }
            int depth = m.depth();
            int pixels = f.rows() * f.columns();
            if (m.channels() == 3) {
                if (depth != CvType.CV_8U) {
                    throw new PixelException(what + " colour frame is not 8-bit");
                }
                byte[] bgr = new byte[pixels * 3];
                m.get(0, 0, bgr);
                for (int i = 0; i < bgr.length; i += 3) {
                    byte t = bgr[i];
                    bgr[i] = bgr[i + 2];
                    bgr[i + 2] = t;
                }
                return new Result(bgr, "RGB");
            }
            if (f.bitsAllocated() == 8 && depth == CvType.CV_8U) {
                byte[] g = new byte[pixels];
                m.get(0, 0, g);
                if (levelShift) {
                    int half = 1 << (f.bitsStored() - 1);
                    for (int i = 0; i < g.length; i++) {
                        g[i] = (byte) ((g[i] & 0xFF) - half);
                    }
                }
                return new Result(g, f.photometric());
            }
            if (f.bitsAllocated() == 16 && (depth == CvType.CV_16U || depth == CvType.CV_16S || depth == CvType.CV_8U)) {
                short[] s = new short[pixels];
                if (depth == CvType.CV_8U) {
                    byte[] g = new byte[pixels];
                    m.get(0, 0, g);
                    for (int i = 0; i < pixels; i++) {
                        s[i] = (short) (g[i] & 0xFF);
                    }
                } else {
                    m.get(0, 0, s);
                }
                int half = levelShift ? 1 << (f.bitsStored() - 1) : 0;
                byte[] le = new byte[pixels * 2];
                for (int i = 0; i < pixels; i++) {
                    int v = (s[i] & 0xFFFF) - half;
                    le[2 * i] = (byte) v;
                    le[2 * i + 1] = (byte) (v >> 8);
                }
                return new Result(le, f.photometric());
            }
            throw new PixelException(what + " frame depth does not match Bits Allocated " + f.bitsAllocated());
        }
    }

    /** JPEG lossless (process 14) through the TwelveMonkeys plugin; raw samples, no colour transform. */
    static Result jpegLossless(byte[] frame, PixelFormat f) throws PixelException {
        ImageReader reader = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                if (r.getClass().getName().contains("twelvemonkeys")) {
                    reader = r;
                    break;
                }
            }
            if (reader == null) {
                throw new PixelException("the JPEG lossless decoder (TwelveMonkeys imageio-jpeg) is not on the class path");
            }
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            if (raster.getWidth() != f.columns() || raster.getHeight() != f.rows()
                    || raster.getNumBands() != f.samplesPerPixel()) {
                throw new PixelException("JPEG lossless frame is " + raster.getWidth() + "x" + raster.getHeight()
                        + "x" + raster.getNumBands() + " but the header says " + f.columns() + "x" + f.rows()
                        + "x" + f.samplesPerPixel());
            }
            int pixels = f.rows() * f.columns();
            int bands = raster.getNumBands();
            int[] samples = raster.getPixels(0, 0, f.columns(), f.rows(), (int[]) null);
            byte[] out;
            if (f.bitsAllocated() == 8) {
                out = new byte[pixels * bands];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) samples[i];
                }
            } else {
                out = new byte[pixels * 2];
                for (int i = 0; i < pixels; i++) {
                    out[2 * i] = (byte) samples[i];
                    out[2 * i + 1] = (byte) (samples[i] >> 8);
                }
            }
            return new Result(out, f.photometric());
        } catch (IOException | RuntimeException e) {
            throw new PixelException("JPEG lossless decoder failed: " + e.getMessage());
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** Sample precision from the first SOF marker, or -1. */
    static int jpegPrecision(byte[] b) {
        for (int i = 0; i + 4 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF) {
                int m = b[i + 1] & 0xFF;
                if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                    return b[i + 4] & 0xFF;
                }
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, byte x, byte y) {
        for (int i = 0; i + 1 < Math.min(b.length, 4096); i++) {
            if (b[i] == x && b[i + 1] == y) {
                return i;
            }
        }
        return -1;
    }
}
