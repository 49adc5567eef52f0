package io.proxyprompt.pacs;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of the DICOMweb client, on {@code java.net.http}: one request at a time with the server's
 * credentials, timeouts and TLS trust, a few retries with back-off for what may pass (no connection, a busy or
 * restarting server), cancellation while waiting, and every failure turned into a {@link PacsException} that says
 * in words what happened. Logs name the server and the kind of request, never a header or a credential.
 */
final class Http {

    private static final Logger LOG = LoggerFactory.getLogger(Http.class);
    private static final int MAX_ERROR_TEXT = 300;

    private final PacsServer server;
    private final HttpClient client;
    private final int retries;
    private final Duration backoff;

    Http(PacsServer server, int retries, Duration backoff) throws PacsException {
        this.server = server;
        this.retries = retries;
        this.backoff = backoff;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(server.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (server.caCertificate() != null) {
            b.sslContext(trusting(server));
        }
        this.client = b.build();
    }

    PacsServer server() {
        return server;
    }

    /** A request to {@code root + path} with the credentials and the timeout for the answer to begin. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.root() + path)).timeout(server.timeout())
                .header("User-Agent", "ProxyPrompt-Workstation");
        server.credentials().authorization().ifPresent(a -> r.header("Authorization", a));
        return r;
    }

    /**
     * Sends the request, retrying what may pass, and returns the answer when its status is 2xx.
     *
     * @param what       the request in words for messages ("the study search", "the retrieval of series X")
     * @param idempotent whether it may be sent again after it may have reached the server
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what,
                             boolean idempotent, CancellationToken cancel, int... alsoAnswers) throws PacsException {
        PacsException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                pause(attempt, cancel);
                LOG.info("{}: retrying {} (attempt {} of {})", server.name(), what, attempt + 1, retries + 1);
            }
            HttpResponse<T> response;
            try {
                response = await(client.sendAsync(request, handler), cancel);
            } catch (IOException e) {
                if (cancel.isCancelled()) {
                    throw new CancelledException();
                }
                last = failure(e, what);
                boolean nothingSent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (last.kind() == PacsException.Kind.TLS || !(nothingSent || idempotent)) {
                    throw last;
                }
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300 || java.util.Arrays.stream(alsoAnswers).anyMatch(s -> s == status)) {
                return response;
            }
            String text = errorText(response);
            last = statusFailure(status, text, what);
            boolean busy = status == 502 || status == 503 || status == 504 || status == 429;
            if (!busy || !idempotent) {
                throw last;
            }
        }
        throw last;
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, CancellationToken cancel)
            throws IOException {
        try {
            while (true) {
                if (cancel.isCancelled()) {
                    future.cancel(true);
                    throw new CancelledException();
                }
                try {
                    return future.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    // poll the cancellation token again
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    private void pause(int attempt, CancellationToken cancel) {
        long until = System.nanoTime() + backoff.toNanos() * (1L << Math.min(attempt - 1, 4));
        while (System.nanoTime() < until) {
            cancel.throwIfCancelled();
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
    }

    /** The failure to connect or to be answered, in words. */
    PacsException failure(IOException e, String what) {
        String where = server.describe();
        if (e instanceof HttpConnectTimeoutException) {
            return new PacsException(PacsException.Kind.TIMEOUT, where + " could not be reached within "
                    + seconds() + " (" + what + "); check the address and the network, then try again", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new PacsException(PacsException.Kind.TIMEOUT, where + " did not answer " + what + " within "
                    + seconds() + "; the server is busy or stuck: try again later or allow a longer timeout", e);
        }
        if (e instanceof ConnectException) {
            return new PacsException(PacsException.Kind.UNREACHABLE, "cannot connect to " + where + " for " + what
                    + " (connection refused): the server is not running there, or the address or port is wrong", e);
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new PacsException(PacsException.Kind.TLS, "the secure (TLS) connection to " + where + " failed for "
                    + what + " (" + e.getMessage() + "): its certificate is not trusted or does not match the"
                    + " address; add the server's certificate in the PACS settings", e);
        }
        return new PacsException(PacsException.Kind.UNREACHABLE, "the connection to " + where + " failed during "
                + what + " (" + e.getMessage() + "); try again", e);
    }

    PacsException statusFailure(int status, String text, String what) {
        String where = server.describe();
        String said = text.isBlank() ? "" : " (it said: " + text + ")";
        return switch (status) {
            case 401 -> new PacsException(PacsException.Kind.AUTHENTICATION, where + " refused the user name and"
                    + " password or token for " + what + " (HTTP 401); check them in the PACS settings");
            case 403 -> new PacsException(PacsException.Kind.AUTHENTICATION, where + " does not allow this account "
                    + what + " (HTTP 403); ask the PACS administrator for the right");
            case 404 -> new PacsException(PacsException.Kind.NOT_FOUND, where + " has no such object for " + what
                    + " (HTTP 404)" + said);
            case 406, 415 -> new PacsException(PacsException.Kind.SERVER, where + " cannot serve " + what
                    + " in DICOM (HTTP " + status + ")" + said + "; is the address the DICOMweb root?");
            default -> new PacsException(PacsException.Kind.SERVER, where + " failed " + what + " (HTTP " + status
                    + ")" + said);
        };
    }

    private static String errorText(HttpResponse<?> response) {
        Object body = response.body();
        byte[] bytes;
        try {
            if (body instanceof byte[] b) {
                bytes = b;
            } else if (body instanceof InputStream in) {
                try (in) {
                    bytes = in.readNBytes(MAX_ERROR_TEXT);
                }
            } else {
                return "";
            }
        } catch (IOException e) {
            return "";
        }
        String s = new String(bytes, 0, Math.min(bytes.length, MAX_ERROR_TEXT), StandardCharsets.UTF_8);
        return s.replaceAll("\\s+", " ").strip();
    }

    String seconds() {
        long ms = server.timeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static SSLContext trusting(PacsServer server) throws PacsException {
        try (InputStream in = Files.newInputStream(server.caCertificate())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in the file");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new PacsException(PacsException.Kind.TLS, "the certificate file " + server.caCertificate()
                    + " for " + server.describe() + " cannot be used (" + e.getMessage() + "); give a PEM file"
                    + " with the server's certificate or its CA", e);
        }
    }

    /**
     * Watches a streamed answer: when no byte arrives for the timeout, it closes the stream so the blocked read
     * ends (the HTTP client's own timeout covers only the wait for the answer to begin).
     */
    static final class StallGuard implements AutoCloseable {

        /** The answer stopped arriving. */
        static final class Stalled extends IOException {
            Stalled() {
                super("the answer stopped arriving");
            }
        }

        private final InputStream target;
        private final long timeoutNanos;
        private final Thread watcher;
        private volatile long last = System.nanoTime();
        private volatile boolean stalled;

        StallGuard(InputStream target, Duration timeout) {
            this.target = target;
            this.timeoutNanos = timeout.toNanos();
            this.watcher = new Thread(this::watchLoop, "pacs-stall-guard");
            watcher.setDaemon(true);
            watcher.start();
        }

        private void watchLoop() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(Math.max(10, Math.min(200, timeoutNanos / 4_000_000)));
                    if (System.nanoTime() - last > timeoutNanos) {
                        stalled = true;
                        target.close();
                        return;
                    }
                }
            } catch (InterruptedException | IOException e) {
                // stopped, or the stream is closed already
            }
        }

        /** {@code in} (which reads from the watched stream), noting each arrival. */
        InputStream watch(InputStream in) {
            return new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        int n = super.read(b, off, len);
                        last = System.nanoTime();
                        return n;
                    } catch (IOException e) {
                        throw stalled ? new Stalled() : e;
                    }
                }

                @Override
                public int read() throws IOException {
                    try {
                        int n = super.read();
                        last = System.nanoTime();
                        return n;
                    } catch (IOException e) {
                        throw stalled ? new Stalled() : e;
                    }
                }
            };
        }

        boolean stalled() {
            return stalled;
        }

        @Override
        public void close() {
            watcher.interrupt();
        }
    }
}
