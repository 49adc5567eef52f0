package io.proxyprompt.pacs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A DICOMweb server: its display name, the root of its DICOMweb services (the URL that {@code /studies} is
 * appended to), how to log in, how long to wait for an answer, and, for a server whose TLS certificate is not
 * signed by a public authority, the PEM file of the certificate (or its CA) to trust.
 *
 * @param timeout       how long to wait to connect, for the answer to begin, and between two pieces of an answer
 * @param caCertificate PEM certificate(s) to trust in addition to the system's, or null
 */
public record PacsServer(String name, URI root, Credentials credentials, Duration timeout, Path caCertificate) {

    /** The wait used when none is given: long enough for a busy archive, short enough to notice a dead one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public PacsServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || root.getHost() == null) {
            throw new IllegalArgumentException("A DICOMweb address starts with http:// or https:// and names a host,"
                    + " e.g. https://pacs.example.org/dicom-web (not '" + root + "')");
        }
        if (root.getUserInfo() != null) {
            throw new IllegalArgumentException("Put the user name and password in the credentials, not in the"
                    + " address");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive");
        }
        String s = root.toString();
        root = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** A server with the default timeout and the system's trusted certificates. */
    public PacsServer(String name, URI root, Credentials credentials) {
        this(name, root, credentials, DEFAULT_TIMEOUT, null);
    }

    /** The same server waiting {@code newTimeout} instead. */
    public PacsServer withTimeout(Duration newTimeout) {
        return new PacsServer(name, root, credentials, newTimeout, caCertificate);
    }

    /** "name (root)" for messages. */
    public String describe() {
        return "PACS '" + name + "' (" + root + ")";
    }
}
