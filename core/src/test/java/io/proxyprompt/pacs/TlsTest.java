package io.proxyprompt.pacs;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.progress.CancellationToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS: a server with a self-signed certificate is trusted once its PEM is given, and refused in words before. */
class TlsTest {

    @TempDir
    Path tmp;

    @Test
    void selfSignedServerIsTrustedOnlyWithItsCertificate() throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = tmp.resolve("server.p12");
        DicomTestSupport.runOk(keytool, "-genkeypair", "-alias", "pacs", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        Path pem = tmp.resolve("server.pem");
        DicomTestSupport.runOk(keytool, "-exportcert", "-rfc", "-alias", "pacs", "-keystore", store.toString(),
                "-storepass", "changeit", "-file", pem.toString());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            FakeDicomWeb.send(ex, 200, "application/dicom+json", "[]".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        server.start();
        try {
            URI root = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
            Credentials pw = new Credentials.Basic("ann", "pw");
            DicomWebClient trusting = new DicomWebClient(new PacsServer("Secure", root, pw, Duration.ofSeconds(5), pem),
                    new DicomParser(), 0, Duration.ZERO);
            assertEquals(List.of(), trusting.searchStudies(StudyQuery.all(), CancellationToken.never()));

            DicomWebClient system = new DicomWebClient(new PacsServer("Secure", root, pw, Duration.ofSeconds(5), null),
                    new DicomParser(), 0, Duration.ZERO);
            PacsException e = assertThrows(PacsException.class,
                    () -> system.searchStudies(StudyQuery.all(), CancellationToken.never()));
            assertEquals(PacsException.Kind.TLS, e.kind());
            assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());

            Path notPem = Files.writeString(tmp.resolve("bad.pem"), "not a certificate");
            PacsException bad = assertThrows(PacsException.class, () -> new DicomWebClient(new PacsServer("Secure",
                    root, pw, Duration.ofSeconds(5), notPem), new DicomParser()));
            assertTrue(bad.getMessage().contains("bad.pem") && bad.getMessage().contains("cannot be used"),
                    bad.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
