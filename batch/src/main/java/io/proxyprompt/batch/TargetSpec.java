package io.proxyprompt.batch;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One target of the job as it travels to an executor: the key it is recorded and skipped by, its unique output name
 * and where to read it.
 *
 * @param key      the absolute, normalised path (or the URI of a remote file), the same on every run of one input
 * @param name     the unique output name ({@code TargetNames}), the target's folder under the output root
 * @param location a local path (file or series folder) every executor can read, or a URI such as
 *                 {@code hdfs://...} that executors copy to local disk through Hadoop's file systems
 */
public record TargetSpec(String key, String name, String location) implements Serializable {

    public TargetSpec {
        Objects.requireNonNull(key);
        Objects.requireNonNull(name);
        Objects.requireNonNull(location);
    }

    /** Whether the location is a URI of a file system other than the local one. */
    public boolean isRemote() {
        return isRemote(location);
    }

    /** Whether {@code location} names a non-local URI (a scheme of two or more letters other than file:). */
    static boolean isRemote(String location) {
        int colon = location.indexOf(':');
        if (colon < 2 || !location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return false; // a plain path, or a Windows drive letter
        }
        return !location.substring(0, colon).toLowerCase(Locale.ROOT).equals("file");
    }

    /** A local path or file: URI as an absolute, normalised path; other URIs normalised as URIs. */
    static String keyOf(String location) {
        if (isRemote(location)) {
            return URI.create(location).normalize().toString();
        }
        return localPath(location).toAbsolutePath().normalize().toString();
    }

    /** The local path of a plain path or a file: URI. */
    static Path localPath(String location) {
        return location.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(location)) : Path.of(location);
    }
}
