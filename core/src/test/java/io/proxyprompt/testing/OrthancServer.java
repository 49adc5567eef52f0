package io.proxyprompt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc (Debian packages orthanc and orthanc-dicomweb) started for a test: 127.0.0.1 only, a free port,
 * a fresh storage folder, the DICOMweb plugin on, remote access off, authentication on with a test user of a
 * random password. Skips (or fails, under {@value ExternalTools#REQUIRE_FLAG}=1) when Orthanc is not installed.
 * Its REST API answers the questions DICOMweb does not (which study a series belongs to).
 */
public final class OrthancServer implements AutoCloseable {

    public static final String USER = "proxyprompt";
    private static final List<Path> EXECUTABLES = List.of(Path.of("/usr/sbin/Orthanc"), Path.of("/usr/bin/Orthanc"));
    private static final List<Path> PLUGINS = List.of(Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so"),
            Path.of("/usr/lib/orthanc/libOrthancDicomWeb.so"));
    private static final JsonMapper JSON = new JsonMapper();

    private final Process process;
    private final int port;
    private final String password;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancServer(Process process, int port, String password, Path log) {
        this.process = process;
        this.port = port;
        this.password = password;
        this.log = log;
    }

    /** Starts Orthanc with its storage and log under {@code dir} and waits until it answers. */
    public static OrthancServer start(Path dir) throws IOException, InterruptedException {
        Path exe = EXECUTABLES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Path plugin = PLUGINS.stream().filter(Files::exists).findFirst().orElse(null);
        ExternalTools.assumeFiles("Orthanc with its DICOMweb plugin is not installed (apt-get install orthanc"
                + " orthanc-dicomweb, or run .ci/run)", exe, plugin);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String password = UUID.randomUUID().toString();
        Path storage = Files.createDirectories(dir.resolve("orthanc-storage"));
        Map<String, Object> config = Map.ofEntries(
                Map.entry("Name", "ProxyPromptTest"),
                Map.entry("StorageDirectory", storage.toString()),
                Map.entry("IndexDirectory", storage.toString()),
                Map.entry("HttpPort", port),
                Map.entry("DicomServerEnabled", false),
                Map.entry("RemoteAccessAllowed", false),
                Map.entry("AuthenticationEnabled", true),
                Map.entry("RegisteredUsers", Map.of(USER, password)),
                Map.entry("Plugins", List.of(plugin.toString())),
                Map.entry("DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/", "EnableWado", false)),
                Map.entry("SaveJobs", false),
                Map.entry("HttpTimeout", 20));
        Path configFile = dir.resolve("orthanc.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
        Path log = dir.resolve("orthanc.log");
        Process p = new ProcessBuilder(exe.toString(), configFile.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        OrthancServer server = new OrthancServer(p, port, password, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (get("/system").has("Version")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("Orthanc did not answer within 30 s:\n" + logTail());
    }

    /** The DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web. */
    public URI dicomWebRoot() {
        return URI.create("http://127.0.0.1:" + port + "/dicom-web");
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** GET on Orthanc's own REST API, as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    /** POST of a text body on Orthanc's own REST API, as JSON. */
    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = http.send(b.header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("Orthanc answered HTTP " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    /** The last lines of Orthanc's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
