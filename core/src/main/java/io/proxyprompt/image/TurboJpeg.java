package io.proxyprompt.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decodes 8-bit JPEG photographs with the operating system's TurboJPEG (libjpeg-turbo with its SIMD code; Debian:
 * {@code libturbojpeg-java} and {@code libturbojpeg0-dev}, whose unversioned library the binding loads). The OpenCV
 * that {@code org.openpnp:opencv} ships builds libjpeg-turbo without SIMD and decodes the same pixels three times
 * slower (docs/engine.md), so {@link RasterImageReader} uses this when it is installed and OpenCV otherwise.
 *
 * <p>The binding is found at run time, never needed to build, and loaded at the first JPEG (about 0.1 s, kept off the
 * workstation's start-up). Its classes are loaded once per process because a native library binds to one class
 * loader only; that is why this holds a static instance.
 */
public final class TurboJpeg {

    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);

    /** Where Debian and Ubuntu install the binding. */
    static final Path DEBIAN_JAR = Path.of("/usr/share/java/turbojpeg.jar");

    private static final int PF_RGB = 0;    // TJ.PF_RGB
    private static final int PF_GRAY = 6;   // TJ.PF_GRAY
    private static final int SAMP_GRAY = 3; // TJ.SAMP_GRAY
    private static final int CS_YCBCR = 1;  // TJ.CS_YCbCr
    private static final int CS_GRAY = 2;   // TJ.CS_GRAY

    /** Loaded when first asked for (the holder class is initialised then, once). */
    private static final class Installed {
        static final Optional<TurboJpeg> VALUE = load(DEBIAN_JAR);
    }

    private final Constructor<?> open;
    private final Method width;
    private final Method height;
    private final Method subsampling;
    private final Method colourSpace;
    private final Method decompress;
    private final Method close;
    private final Path jar;

    private TurboJpeg(Class<?> decompressor, Path jar) throws ReflectiveOperationException {
        this.open = decompressor.getConstructor(byte[].class);
        this.width = decompressor.getMethod("getWidth");
        this.height = decompressor.getMethod("getHeight");
        this.subsampling = decompressor.getMethod("getSubsamp");
        this.colourSpace = decompressor.getMethod("getColorspace");
        this.decompress = decompressor.getMethod("decompress", byte[].class, int.class, int.class, int.class,
                int.class, int.class, int.class, int.class);
        this.close = decompressor.getMethod("close");
        this.jar = jar;
    }

    /** The system's TurboJPEG, when its Java binding and library are installed. */
    public static Optional<TurboJpeg> installed() {
        return Installed.VALUE;
    }

    /** Says which decoder reads JPEG photographs here, for the device line of {@code bench} and the log. */
    public static String describeJpegDecoder() {
        return installed().map(t -> "TurboJPEG from the system (SIMD; " + t.jar + ")")
                .orElse("OpenCV's libjpeg-turbo (built without SIMD; install libturbojpeg-java and libturbojpeg0-dev"
                        + " for about 3x faster JPEG decoding)");
    }

    static Optional<TurboJpeg> load(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    TurboJpeg.class.getClassLoader());
            // initialising the class loads the native library, so a broken install is found here, not mid-batch
            Class<?> decompressor = Class.forName("org.libjpegturbo.turbojpeg.TJDecompressor", true, loader);
            TurboJpeg turbo = new TurboJpeg(decompressor, jar);
            LOG.info("JPEG decoder: TurboJPEG ({})", jar);
            return Optional.of(turbo);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException | java.net.MalformedURLException e) {
            LOG.info("JPEG decoder: OpenCV; TurboJPEG at {} could not be used: {}", jar, e.toString());
            return Optional.empty();
        }
    }

    /** A decoded JPEG: interleaved RGB or grey bytes. */
    record Pixels(int width, int height, int channels, byte[] data) { }

    /**
     * The JPEG's pixels as RGB (colour) or grey, or null when TurboJPEG cannot decode it the way OpenCV would
     * (CMYK, 12-bit or lossless JPEG, or a stream it refuses): the caller then decodes it with OpenCV.
     */
    Pixels decodeOrNull(byte[] jpeg) throws ReflectiveOperationException {
        Object d;
        try {
            d = open.newInstance((Object) jpeg);
        } catch (java.lang.reflect.InvocationTargetException e) {
            return null; // TJException: not a JPEG TurboJPEG reads (the caller's OpenCV decides)
        }
        try {
            int w = (int) width.invoke(d);
            int h = (int) height.invoke(d);
            int cs = (int) colourSpace.invoke(d);
            boolean grey = (int) subsampling.invoke(d) == SAMP_GRAY || cs == CS_GRAY;
            if (!grey && cs != CS_YCBCR) {
                return null;
            }
            int channels = grey ? 1 : 3;
            byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), channels)];
            try {
                decompress.invoke(d, out, 0, 0, w, 0, h, grey ? PF_GRAY : PF_RGB, 0);
            } catch (java.lang.reflect.InvocationTargetException e) {
                return null;
            }
            return new Pixels(w, h, channels, out);
        } finally {
            try {
                close.invoke(d);
            } catch (java.lang.reflect.InvocationTargetException e) {
                LOG.debug("TurboJPEG close failed", e);
            }
        }
    }
}
