package io.proxyprompt.pacs;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DICOMweb client against a stand-in server: searches read the JSON model, retrievals stream multipart to the
 * cache, and every failure (wrong password, no server, slow or stalled server, malformed answer, cancel) is one
 * message in words that leaves the cache as it was.
 */
class DicomWebClientTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.2";
    private static final Path SAMPLES = Path.of(System.getProperty("proxyprompt.repo", "."), "samples/series");

    @TempDir
    Path tmp;

    private static DicomWebClient client(URI root, Credentials credentials, Duration timeout) throws PacsException {
        return new DicomWebClient(new PacsServer("Test PACS", root, credentials, timeout, null), new DicomParser(), 2,
                Duration.ofMillis(20));
    }

    /** A client without retries that waits only {@code millis} for the fake server. */
    private static DicomWebClient impatient(FakeDicomWeb fake, int millis) throws PacsException {
        return new DicomWebClient(new PacsServer("Test PACS", fake.root(), new Credentials.None(),
                Duration.ofMillis(millis), null), new DicomParser(), 0, Duration.ZERO);
    }

    private static byte[] multipart(String boundary, List<Path> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path f : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(Files.readAllBytes(f));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Every file under {@code dir} with its bytes, to prove a failed retrieval changed nothing. */
    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " unchanged"));
    }

    private Path cacheWithOneEarlierSeries() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path earlier = Files.createDirectories(cache.resolve(STUDY).resolve("1.2.3"));
        Files.copy(SAMPLES.resolve("ct_01.dcm"), earlier.resolve("1.2.3.4.dcm"));
        return cache;
    }

    @Test
    void studySearchSendsTheQueryAndReadsTheJsonModel() throws Exception {
        String json = """
                [{"0020000D": {"vr": "UI", "Value": ["%s"]},
                  "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Jane"}]},
                  "00100020": {"vr": "LO", "Value": ["P42"]},
                  "00080020": {"vr": "DA", "Value": ["20260101"]},
                  "00081030": {"vr": "LO", "Value": ["Fundus screening"]},
                  "00080061": {"vr": "CS", "Value": ["OP", "SEG"]},
                  "00201206": {"vr": "IS", "Value": [2]},
                  "00201208": {"vr": "IS", "Value": [3]}}]
                """.formatted(STUDY);
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.json(ex, json))) {
            DicomWebClient c = client(fake.root(), new Credentials.Basic("ann", "pw:with:colons"), Duration.ofSeconds(5));
            List<RemoteStudy> studies = c.searchStudies(new StudyQuery("doe", "P42",
                    java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 12, 31), "op", "screening", 50),
                    CancellationToken.never());
            assertEquals(List.of(new RemoteStudy(STUDY, "Doe^Jane", "P42", "20260101", "Fundus screening", "OP\\SEG",
                    2, 3)), studies);
            String request = fake.requests.get(0);
            assertTrue(request.startsWith("GET /dicom-web/studies?PatientName=doe*&PatientID=P42&StudyDate=20260101-20261231"
                    + "&ModalitiesInStudy=OP&StudyDescription=*screening*&limit=50"), request);
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("ann:pw:with:colons".getBytes()),
                    fake.authorizations.get(0));
        }
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        Credentials basic = new Credentials.Basic("ann", "hunter2");
        Credentials bearer = new Credentials.Bearer("eyJhbGciOi.secret.token");
        PacsServer server = new PacsServer("X", URI.create("https://pacs.example.org/dicom-web/"), basic);
        for (Object o : List.of(basic, bearer, server, new PacsServer("Y", server.root(), bearer))) {
            assertFalse(o.toString().contains("hunter2") || o.toString().contains("secret"), o.toString());
        }
        assertEquals(URI.create("https://pacs.example.org/dicom-web"), server.root(), "no trailing slash");
        assertThrows(IllegalArgumentException.class, () -> new PacsServer("Z", URI.create("ftp://x/"), basic));
        assertThrows(IllegalArgumentException.class,
                () -> new PacsServer("Z", URI.create("http://ann:pw@x/dicom-web"), basic));
    }

    @Test
    void seriesIsStreamedIntoTheCacheNamedBySopInstanceUid() throws Exception {
        List<Path> files = List.of(SAMPLES.resolve("ct_01.dcm"), SAMPLES.resolve("ct_02.dcm"));
        byte[] body = multipart("b0undary", files);
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.send(ex, 200,
                "multipart/related; type=\"application/dicom\"; boundary=\"b0undary\"", body))) {
            Path cache = cacheWithOneEarlierSeries();
            List<long[]> progress = new java.util.ArrayList<>();
            RetrievedSeries got = client(fake.root(), new Credentials.None(), Duration.ofSeconds(5))
                    .retrieveSeries(STUDY, SERIES, 2, cache, (d, t, m) -> progress.add(new long[] {d, t}),
                            CancellationToken.never());
            assertEquals(2, got.files().size());
            for (int i = 0; i < 2; i++) {
                String sop = new DicomParser().read(files.get(i), false).sopInstanceUid();
                assertEquals(cache.resolve(STUDY).resolve(SERIES).resolve(sop + ".dcm"), got.files().get(i));
                assertArrayEquals(Files.readAllBytes(files.get(i)), Files.readAllBytes(got.files().get(i)));
            }
            assertTrue(progress.stream().anyMatch(p -> p[0] == 2 && p[1] == 2), "progress reaches 2 of 2");
            try (Stream<Path> s = Files.list(cache)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".incoming")), "no staging left");
            }
            assertTrue(fake.requests.get(0).endsWith("/studies/" + STUDY + "/series/" + SERIES));
        }
    }

    @Test
    void wrongPasswordIsSaidInWordsAndNotRetried() throws Exception {
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.send(ex, 401, "text/plain",
                "Unauthorized".getBytes()))) {
            Path cache = cacheWithOneEarlierSeries();
            var before = snapshot(cache);
            PacsException e = assertThrows(PacsException.class, () -> client(fake.root(),
                    new Credentials.Basic("ann", "wrong"), Duration.ofSeconds(5)).retrieveSeries(STUDY, SERIES, -1, cache,
                    ProgressListener.NONE, CancellationToken.never()));
            assertEquals(PacsException.Kind.AUTHENTICATION, e.kind());
            assertTrue(e.getMessage().contains("PACS 'Test PACS'") && e.getMessage().contains("refused the user name"
                    + " and password"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong"), "the password is not repeated");
            assertEquals(1, fake.requests.size(), "a refused password is not tried again");
            assertSameFiles(before, snapshot(cache));
        }
    }

    @Test
    void serverDownIsSaidInWords() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cache = cacheWithOneEarlierSeries();
        var before = snapshot(cache);
        PacsException e = assertThrows(PacsException.class, () -> client(URI.create("http://127.0.0.1:" + port
                + "/dicom-web"), new Credentials.None(), Duration.ofSeconds(2)).retrieveSeries(STUDY, SERIES, -1, cache,
                ProgressListener.NONE, CancellationToken.never()));
        assertEquals(PacsException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to PACS 'Test PACS'")
                && e.getMessage().contains("connection refused"), e.getMessage());
        assertSameFiles(before, snapshot(cache));
    }

    @Test
    void slowServerTimesOutWithAMessage() throws Exception {
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> {
            FakeDicomWeb.pause(3000);
            FakeDicomWeb.json(ex, "[]");
        })) {
            Path cache = cacheWithOneEarlierSeries();
            var before = snapshot(cache);
            long start = System.nanoTime();
            PacsException e = assertThrows(PacsException.class, () -> impatient(fake, 300).retrieveSeries(STUDY,
                    SERIES, -1, cache, ProgressListener.NONE, CancellationToken.never()));
            assertEquals(PacsException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("did not answer the retrieval of series " + SERIES + " within 300 ms"),
                    e.getMessage());
            assertTrue(System.nanoTime() - start < 2_500_000_000L, "gave up at the timeout, not after the server");
            assertSameFiles(before, snapshot(cache));
        }
    }

    @Test
    void stalledAnswerTimesOutAndLeavesNoPart() throws Exception {
        byte[] body = multipart("b", List.of(SAMPLES.resolve("ct_01.dcm"), SAMPLES.resolve("ct_02.dcm")));
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> {
            ex.getResponseHeaders().set("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            FakeDicomWeb.pause(3000);
        })) {
            Path cache = cacheWithOneEarlierSeries();
            var before = snapshot(cache);
            PacsException e = assertThrows(PacsException.class, () -> impatient(fake, 400).retrieveSeries(STUDY,
                    SERIES, 2, cache, ProgressListener.NONE, CancellationToken.never()));
            assertEquals(PacsException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertSameFiles(before, snapshot(cache));
        }
    }

    @Test
    void malformedMultipartIsRefusedAndNothingIsStored() throws Exception {
        byte[] good = multipart("b", List.of(SAMPLES.resolve("ct_01.dcm")));
        Map<String, byte[]> answers = Map.of(
                "cut short", java.util.Arrays.copyOf(good, good.length / 2),
                "no boundary", "just some bytes".getBytes(),
                "not DICOM", "--b\r\nContent-Type: application/dicom\r\n\r\nhello\r\n--b--\r\n".getBytes(),
                "wrong part type", "--b\r\nContent-Type: text/html\r\n\r\n<html/>\r\n--b--\r\n".getBytes());
        for (var answer : answers.entrySet()) {
            try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.send(ex, 200,
                    "multipart/related; type=\"application/dicom\"; boundary=b", answer.getValue()))) {
                Path cache = cacheWithOneEarlierSeries();
                var before = snapshot(cache);
                PacsException e = assertThrows(PacsException.class, () -> client(fake.root(), new Credentials.None(),
                        Duration.ofSeconds(5)).retrieveSeries(STUDY, SERIES, 1, cache, ProgressListener.NONE,
                        CancellationToken.never()), answer.getKey());
                assertEquals(PacsException.Kind.BAD_RESPONSE, e.kind(), answer.getKey() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains("sent a malformed answer to the retrieval of series")
                        && e.getMessage().contains("nothing was stored"), e.getMessage());
                assertSameFiles(before, snapshot(cache));
                Files.walk(cache).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.send(ex, 200, "text/html", good))) {
            PacsException e = assertThrows(PacsException.class, () -> client(fake.root(), new Credentials.None(),
                    Duration.ofSeconds(5)).retrieveSeries(STUDY, SERIES, 1, tmp, ProgressListener.NONE,
                    CancellationToken.never()));
            assertTrue(e.getMessage().contains("'text/html', not multipart/related"), e.getMessage());
        }
    }

    @Test
    void malformedJsonIsSaidInWords() throws Exception {
        for (String json : List.of("{not json", "{\"0020000D\": {}}", "[{\"ZZ\": {\"vr\": \"UI\"}}]")) {
            try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.json(ex, json))) {
                PacsException e = assertThrows(PacsException.class, () -> client(fake.root(), new Credentials.None(),
                        Duration.ofSeconds(5)).searchStudies(StudyQuery.all(), CancellationToken.never()), json);
                assertEquals(PacsException.Kind.BAD_RESPONSE, e.kind());
                assertTrue(e.getMessage().contains("malformed answer to the study search"), e.getMessage());
            }
        }
    }

    @Test
    void busyServerIsRetriedThenAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> {
            if (calls.incrementAndGet() < 3) {
                FakeDicomWeb.send(ex, 503, "text/plain", "busy".getBytes());
            } else {
                FakeDicomWeb.json(ex, "[]");
            }
        })) {
            assertEquals(List.of(), client(fake.root(), new Credentials.Bearer("t0k3n"), Duration.ofSeconds(5))
                    .searchStudies(StudyQuery.all(), CancellationToken.never()));
            assertEquals(3, calls.get());
            assertEquals("Bearer t0k3n", fake.authorizations.get(2));
        }
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> FakeDicomWeb.send(ex, 503, "text/plain", "down".getBytes()))) {
            PacsException e = assertThrows(PacsException.class, () -> client(fake.root(), new Credentials.None(),
                    Duration.ofSeconds(5)).searchStudies(StudyQuery.all(), CancellationToken.never()));
            assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("it said: down"), e.getMessage());
            assertEquals(3, fake.requests.size(), "two retries");
        }
    }

    @Test
    void cancellingARetrievalStopsItAndLeavesTheCacheAsItWas() throws Exception {
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> {
            FakeDicomWeb.pause(3000);
        })) {
            Path cache = cacheWithOneEarlierSeries();
            var before = snapshot(cache);
            CancellationToken cancel = new CancellationToken();
            new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // cancel anyway
                }
                cancel.cancel();
            }).start();
            long start = System.nanoTime();
            assertThrows(CancelledException.class, () -> client(fake.root(), new Credentials.None(),
                    Duration.ofSeconds(10)).retrieveSeries(STUDY, SERIES, -1, cache, ProgressListener.NONE, cancel));
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "stopped promptly");
            assertSameFiles(before, snapshot(cache));
        }
    }

    @Test
    void storeStreamsTheFilesAndReadsTheReport() throws Exception {
        List<Path> files = List.of(SAMPLES.resolve("ct_01.dcm"), SAMPLES.resolve("ct_02.dcm"));
        String sop1 = new DicomParser().read(files.get(0), false).sopInstanceUid();
        String sop2 = new DicomParser().read(files.get(1), false).sopInstanceUid();
        byte[][] received = new byte[1][];
        String[] type = new String[1];
        try (FakeDicomWeb fake = new FakeDicomWeb(ex -> {
            type[0] = ex.getRequestHeaders().getFirst("Content-Type");
            received[0] = ex.getRequestBody().readAllBytes();
            FakeDicomWeb.send(ex, 202, "application/dicom+json", ("""
                    {"00081199": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["%s"]}}]},
                     "00081198": {"vr": "SQ", "Value": [{"00081155": {"vr": "UI", "Value": ["%s"]},
                                                         "00081197": {"vr": "US", "Value": [43264]}}]}}
                    """).formatted(sop1, sop2).getBytes(StandardCharsets.UTF_8));
        })) {
            StoreReport report = client(fake.root(), new Credentials.None(), Duration.ofSeconds(5))
                    .store(files, ProgressListener.NONE, CancellationToken.never());
            assertEquals(List.of(sop1), report.stored());
            assertEquals(Map.of(sop2, "the data set does not match the SOP class (0xA900)"), report.failed());
            String boundary = Multipart.boundary(type[0]);
            assertTrue(type[0].contains("type=\"application/dicom\""), type[0]);
            assertArrayEquals(multipart(boundary, files), received[0], "the body is the files as DICOM parts");
            assertTrue(fake.requests.get(0).equals("POST /dicom-web/studies"), fake.requests.get(0));
        }
    }
}
