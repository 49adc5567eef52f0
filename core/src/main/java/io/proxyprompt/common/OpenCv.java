package io.proxyprompt.common;

import java.net.URL;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads OpenCV's native library once per process before any Mat is made (idempotent, thread-safe): from the
 * per-user cache ({@link NativeLibraryCache}) when it can, else as the OpenCV jar does it (extracted to a
 * temporary folder on every start).
 */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    /** Ensures the bundled OpenCV natives are loaded; cheap after the first call. */
    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    if (!loadCached(NativeLibraryCache.defaultFolder())) {
                        nu.pattern.OpenCV.loadLocally();
                    }
                    loaded = true;
                }
            }
        }
    }

    private static boolean loadCached(Path folder) {
        Optional<Path> file = NativeLibraryCache.cachedCopy(bundledLibrary(), folder);
        if (file.isEmpty()) {
            return false;
        }
        try {
            System.load(file.get().toAbsolutePath().toString());
            return true;
        } catch (UnsatisfiedLinkError e) {
            NativeLibraryCache.discard(file.get());
            return false;
        }
    }

    /** The library inside the OpenCV jar for this OS and CPU (as the jar lays them out), or null. */
    static URL bundledLibrary() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osDir = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "windows"
                : null;
        String archDir = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "ARMv8";
            case "x86", "i386", "i686" -> "x86_32";
            case "arm" -> "ARMv7";
            default -> null;
        };
        if (osDir == null || archDir == null) {
            return null;
        }
        String name = System.mapLibraryName(org.opencv.core.Core.NATIVE_LIBRARY_NAME);
        return nu.pattern.OpenCV.class.getResource("/nu/pattern/opencv/" + osDir + "/" + archDir + "/" + name);
    }
}
