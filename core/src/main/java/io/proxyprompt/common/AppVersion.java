package io.proxyprompt.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The application's version, from the build (named in DICOM SEG, the About box and {@code --version}). */
public final class AppVersion {

    private AppVersion() {
    }

    /** The version, or "unknown" when the build did not record it. */
    public static String get() {
        try (InputStream in = AppVersion.class.getResourceAsStream("/io/proxyprompt/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
