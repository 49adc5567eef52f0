package io.proxyprompt.pacs;

/**
 * Talking to a PACS failed. The message is for the user as is: it names the server, says what went wrong in
 * words (not an HTTP status alone) and what to do; {@link #kind()} lets a front end react (ask for the password
 * again, offer a retry).
 */
public class PacsException extends Exception {

    /** What went wrong, as far as the client can tell. */
    public enum Kind {
        /** The server refused the user name, password or token (HTTP 401), or the account may not do this (403). */
        AUTHENTICATION,
        /** No connection could be made (server down, wrong address or port, firewall). */
        UNREACHABLE,
        /** The TLS handshake failed: the certificate is not trusted or does not match the address. */
        TLS,
        /** The server did not answer, or stopped answering, within the timeout. */
        TIMEOUT,
        /** The study, series or instance is not on the server (HTTP 404). */
        NOT_FOUND,
        /** The server failed (HTTP 5xx) or refused the request (other 4xx). */
        SERVER,
        /** The answer did not follow DICOMweb (malformed multipart or JSON, not DICOM). */
        BAD_RESPONSE
    }

    private final Kind kind;

    public PacsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PacsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
