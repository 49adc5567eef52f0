package io.proxyprompt.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps a native library that ships inside a jar as a file in a per-user cache folder, so that it is extracted
 * once and not on every start (OpenCV's 65 MB library took about 0.6 s to extract, 6 ms to load from a file).
 * The copy is named by the entry's CRC and size, is written atomically (a reader never sees half a file) and is
 * used only while its size still matches; anything that goes wrong leaves the caller to its usual way of loading.
 */
public final class NativeLibraryCache {

    /** System property naming the cache folder (default: {@link #defaultFolder()}). */
    public static final String FOLDER_PROPERTY = "proxyprompt.nativeCache";

    private NativeLibraryCache() {
    }

    /**
     * The per-user cache folder: the property, else {@code $XDG_CACHE_HOME/proxyprompt/native}, else
     * {@code ~/.cache/proxyprompt/native}.
     */
    public static Path defaultFolder() {
        String p = System.getProperty(FOLDER_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("proxyprompt").resolve("native");
    }

    /**
     * A file in {@code folder} with the content of {@code resource}, extracted now unless an intact copy is
     * there; empty when the resource is missing or the folder cannot be written.
     */
    public static Optional<Path> cachedCopy(URL resource, Path folder) {
        if (resource == null) {
            return Optional.empty();
        }
        try {
            URLConnection c = resource.openConnection();
            long size;
            String version;
            if (c instanceof JarURLConnection jar) {
                size = jar.getJarEntry().getSize();
                version = Long.toHexString(jar.getJarEntry().getCrc());
            } else {
                size = c.getContentLengthLong();
                version = Long.toHexString(c.getLastModified());
            }
            if (size < 0) {
                return Optional.empty();
            }
            String name = Path.of(resource.getPath().replaceFirst("^.*!", "")).getFileName().toString();
            Path file = folder.resolve(version.toLowerCase(Locale.ROOT) + "-" + size).resolve(name);
            if (Files.isRegularFile(file) && Files.size(file) == size) {
                return Optional.of(file);
            }
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, out -> {
                try (InputStream in = resource.openStream()) {
                    in.transferTo(out);
                }
            }, AtomicFiles.Existing.REPLACE);
            return Files.size(file) == size ? Optional.of(file) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes a cached copy that turned out to be unusable (ignores failures). */
    public static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start extracts it again or falls back
        }
    }
}
