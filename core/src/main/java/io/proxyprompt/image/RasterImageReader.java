package io.proxyprompt.image;

import io.proxyprompt.common.OpenCv;
import io.proxyprompt.common.PixelBuffer;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads photographs (PNG, JPEG, TIFF, BMP; 8 or 16 bit; grey, RGB or RGBA) with OpenCV into RGB or grey frames.
 * A file cut short or damaged is refused before decoding ({@link RasterIntegrity}), never shown as streaks.
 */
public final class RasterImageReader implements ImageReader {

    /** Default ceiling on decoded size: 100 megapixels (a 4288x2848 fundus photograph is 12). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp");

    private final long maxPixels;
    private final Supplier<Optional<TurboJpeg>> jpeg;

    public RasterImageReader() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels images larger than this are refused before decoding, so a huge file cannot exhaust memory */
    public RasterImageReader(long maxPixels) {
        this(maxPixels, TurboJpeg::installed);
    }

    /** @param jpeg the faster JPEG decoder when installed; OpenCV decodes whatever it does not */
    public RasterImageReader(long maxPixels, Optional<TurboJpeg> jpeg) {
        this(maxPixels, () -> jpeg);
    }

    /** @param jpeg asked for at the first JPEG, so that finding the system's decoder costs nothing before that */
    private RasterImageReader(long maxPixels, Supplier<Optional<TurboJpeg>> jpeg) {
        this.maxPixels = maxPixels;
        this.jpeg = jpeg;
    }

    @Override
    public boolean canRead(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        return RasterHeader.sniff(file) != RasterHeader.Format.UNKNOWN || EXTENSIONS.contains(extension(file));
    }

    @Override
    public List<ImageStack> read(Path file, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        cancel.throwIfCancelled();
        RasterHeader header = RasterHeader.read(file);
        if (header.format() == RasterHeader.Format.UNKNOWN) {
            throw new ImageLoadException(file, "is not a PNG, JPEG, TIFF or BMP image (the content does not match;"
                    + " the file may be corrupt or misnamed)");
        }
        if (header.width() > 0 && (long) header.width() * header.height() > maxPixels) {
            throw tooLarge(file, header.width(), header.height());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageLoadException(file, "cannot be read: " + e.getMessage(), e);
        }
        Optional<String> broken = RasterIntegrity.problem(header.format(), bytes);
        if (broken.isPresent()) {
            throw new ImageLoadException(file, broken.get());
        }
        Frame frame = header.format() == RasterHeader.Format.JPEG ? viaTurboJpeg(file, bytes) : null;
        if (frame == null) {
            frame = viaOpenCv(file, header, bytes);
        }
        progress.progress(1, 1, file.getFileName().toString());
        String stem = stem(file);
        return List.of(new ImageStack(stem, file, List.of(frame), ImageStack.Kind.PHOTO));
    }

    /** The JPEG decoded by TurboJPEG, or null when it is not installed or does not take this file. */
    private Frame viaTurboJpeg(Path file, byte[] bytes) throws ImageLoadException {
        Optional<TurboJpeg> turbo = jpeg.get();
        if (turbo.isEmpty()) {
            return null;
        }
        TurboJpeg.Pixels p;
        try {
            p = turbo.get().decodeOrNull(bytes);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        if (p == null) {
            return null;
        }
        if ((long) p.width() * p.height() > maxPixels) {
            throw tooLarge(file, p.width(), p.height());
        }
        return Frame.photo(p.width(), p.height(), p.channels(), p.data(),
                FrameOrigin.ofEncoded(file, bytes, "turbojpeg"));
    }

    private Frame viaOpenCv(Path file, RasterHeader header, byte[] bytes) throws ImageLoadException {
        OpenCv.load();
        try (NativeMat encoded = new NativeMat(new MatOfByte(bytes));
             NativeMat decoded = new NativeMat(Imgcodecs.imdecode(encoded.mat(), Imgcodecs.IMREAD_UNCHANGED))) {
            Mat m = decoded.mat();
            if (m.empty()) {
                throw new ImageLoadException(file, "could not be decoded (truncated or corrupt "
                        + header.format() + "); re-export the image and try again");
            }
            if ((long) m.cols() * m.rows() > maxPixels) {
                throw tooLarge(file, m.cols(), m.rows());
            }
            return toFrame(FrameOrigin.ofEncoded(file, bytes, "opencv"), m);
        }
    }

    private ImageLoadException tooLarge(Path file, int w, int h) {
        return new ImageLoadException(file, String.format(Locale.ROOT,
                "is %dx%d pixels, more than the %d megapixel limit; downscale it first", w, h, maxPixels / 1_000_000));
    }

    private static Frame toFrame(FrameOrigin origin, Mat m) throws ImageLoadException {
        Path file = origin.file();
        int depth = CvType.depth(m.type());
        int channels = m.channels();
        if (depth != CvType.CV_8U && depth != CvType.CV_16U) {
            throw new ImageLoadException(file, "has " + CvType.typeToString(m.type())
                    + " samples; only 8-bit and 16-bit unsigned images are supported");
        }
        int outChannels = channels == 1 ? 1 : 3;
        try (NativeMat converted = new NativeMat(new Mat())) {
            Mat c = converted.mat();
            switch (channels) {
                case 1 -> m.copyTo(c);
                case 3 -> Imgproc.cvtColor(m, c, Imgproc.COLOR_BGR2RGB);
                case 4 -> Imgproc.cvtColor(m, c, Imgproc.COLOR_BGRA2RGB);
                default -> throw new ImageLoadException(file, "has " + channels + " channels; expected 1, 3 or 4");
            }
            int n = m.cols() * m.rows() * outChannels;
            if (depth == CvType.CV_8U) {
                byte[] data = new byte[n];
                c.get(0, 0, data);
                return Frame.photo(m.cols(), m.rows(), outChannels, data, origin);
            }
            short[] data = new short[n];
            c.get(0, 0, data);
            return new Frame(m.cols(), m.rows(), outChannels, new PixelBuffer.Shorts(data, false), 1, 0,
                    null, false, origin);
        }
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The file name without its last extension. */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /** Releases a Mat at the end of a try block. */
    record NativeMat(Mat mat) implements AutoCloseable {
        @Override
        public void close() {
            mat.release();
        }
    }

    /** Reads only the first bytes of a file: enough to know the format and, for PNG and JPEG, the size. */
    static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }
}
