package io.proxyprompt.pacs;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A DICOMweb client (PS3.18) for one server: QIDO-RS to search studies and series, WADO-RS to retrieve a series
 * into a local cache folder (streamed part by part, with progress and cancel), STOW-RS to store SEGs. A retrieval
 * that fails or is cancelled leaves nothing behind: parts are written to a staging folder and moved into the cache
 * only when the whole answer was read.
 */
public final class DicomWebClient {

    private static final Logger LOG = LoggerFactory.getLogger(DicomWebClient.class);
    /** Largest JSON answer read (a QIDO-RS page or a STOW-RS report). */
    static final int MAX_JSON = 32 << 20;
    private static final int MAX_THUMBNAIL = 4 << 20;
    private static final String JSON = "application/dicom+json";

    private final Http http;
    private final DicomParser parser;

    /** A client with two retries, half a second apart and growing. */
    public DicomWebClient(PacsServer server, DicomParser parser) throws PacsException {
        this(server, parser, 2, Duration.ofMillis(500));
    }

    public DicomWebClient(PacsServer server, DicomParser parser, int retries, Duration backoff) throws PacsException {
        this.http = new Http(server, retries, backoff);
        this.parser = parser;
    }

    public PacsServer server() {
        return http.server();
    }

    /** QIDO-RS: the studies matching {@code query}. */
    public List<RemoteStudy> searchStudies(StudyQuery query, CancellationToken cancel) throws PacsException {
        List<RemoteStudy> out = new ArrayList<>();
        for (DicomObject ds : json("/studies?" + query.queryString(), "the study search", cancel)) {
            try {
                out.add(RemoteStudy.of(ds));
            } catch (IllegalArgumentException e) {
                throw badAnswer("the study search", e.getMessage(), null);
            }
        }
        return out;
    }

    /** QIDO-RS: the series of one study. */
    public List<RemoteSeries> searchSeries(String studyUid, CancellationToken cancel) throws PacsException {
        checkUid(studyUid, "Study Instance UID");
        List<RemoteSeries> out = new ArrayList<>();
        String what = "the series search of study " + studyUid;
        for (DicomObject ds : json("/studies/" + studyUid + "/series?includefield=0008103E,00201209", what, cancel)) {
            try {
                out.add(RemoteSeries.of(studyUid, ds));
            } catch (IllegalArgumentException e) {
                throw badAnswer(what, e.getMessage(), null);
            }
        }
        out.sort(Comparator.comparing(RemoteSeries::seriesNumber, DicomWebClient::numerically));
        return out;
    }

    /** QIDO-RS: the SOP Instance UIDs of one series. */
    public List<String> searchInstances(String studyUid, String seriesUid, CancellationToken cancel)
            throws PacsException {
        checkUid(studyUid, "Study Instance UID");
        checkUid(seriesUid, "Series Instance UID");
        List<String> out = new ArrayList<>();
        for (DicomObject ds : json("/studies/" + studyUid + "/series/" + seriesUid + "/instances",
                "the instance search of series " + seriesUid, cancel)) {
            String uid = ds.getString(Tag.SOPInstanceUID);
            if (uid != null) {
                out.add(uid);
            }
        }
        return out;
    }

    /**
     * WADO-RS: retrieves every instance of a series into {@code cache/<study>/<series>/<sop>.dcm}. Instances
     * already there are replaced by the server's copy.
     *
     * @param expected instances the caller expects (for progress), or -1 when unknown
     */
    public RetrievedSeries retrieveSeries(String studyUid, String seriesUid, int expected, Path cache,
                                         ProgressListener progress, CancellationToken cancel) throws PacsException {
        checkUid(studyUid, "Study Instance UID");
        checkUid(seriesUid, "Series Instance UID");
        String what = "the retrieval of series " + seriesUid;
        Path folder = cache.resolve(studyUid).resolve(seriesUid);
        HttpRequest request = http.request("/studies/" + studyUid + "/series/" + seriesUid)
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax=*").GET().build();
        LOG.debug("{}: retrieving a series", http.server().name());
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream(), what,
                true, cancel);
        String boundary;
        try {
            boundary = Multipart.boundary(response.headers().firstValue("Content-Type").orElse(null));
        } catch (Multipart.MalformedException e) {
            closeQuietly(response.body());
            throw badAnswer(what, e.getMessage(), e);
        }
        Path createdFrom = firstMissing(folder);
        Path staging = null;
        boolean done = false;
        try (InputStream body = response.body(); Http.StallGuard guard = new Http.StallGuard(body,
                http.server().timeout())) {
            Files.createDirectories(cache);
            staging = Files.createTempDirectory(cache, ".incoming-");
            progress.progress(0, expected, "Retrieving series from " + http.server().name());
            List<Path> parts;
            try {
                parts = Multipart.readDicomParts(guard.watch(body), boundary, staging, cancel,
                        n -> progress.progress(n, Math.max(expected, n), "Retrieved " + n + " instance(s)"));
            } catch (IOException e) {
                if (guard.stalled()) {
                    throw http.failure(new java.net.http.HttpTimeoutException("no data for " + http.seconds()), what);
                }
                if (e instanceof Multipart.MalformedException) {
                    throw badAnswer(what, e.getMessage(), e);
                }
                throw http.failure(e, what);
            }
            Files.createDirectories(folder);
            List<Path> files = moveInto(parts, folder, what);
            progress.progress(files.size(), files.size(), "Retrieved " + files.size() + " instance(s)");
            done = true;
            return new RetrievedSeries(studyUid, seriesUid, folder, files);
        } catch (IOException e) {
            throw new PacsException(PacsException.Kind.SERVER, "cannot write the retrieved series into " + cache
                    + " (" + e.getMessage() + "); check the free space and permissions of the workspace", e);
        } finally {
            deleteQuietly(staging);
            if (!done && createdFrom != null) {
                deleteQuietly(createdFrom); // folders this retrieval made, and nothing else
            }
        }
    }

    /** The outermost folder on the way to {@code folder} that does not exist yet, or null when it exists. */
    private static Path firstMissing(Path folder) {
        Path missing = null;
        for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read from it
        }
    }

    /** Names each part by its SOP Instance UID and moves it into the series folder. */
    private List<Path> moveInto(List<Path> parts, Path folder, String what) throws PacsException, IOException {
        Map<Path, Path> moves = new LinkedHashMap<>();
        for (Path part : parts) {
            String sop;
            try {
                sop = parser.read(part, false).sopInstanceUid();
            } catch (DicomParseException e) {
                throw badAnswer(what, "an instance is not readable DICOM (" + e.problem() + ")", e);
            }
            if (!Uids.isValid(sop)) {
                throw badAnswer(what, "an instance has no valid SOP Instance UID ('" + sop + "')", null);
            }
            moves.put(part, folder.resolve(sop + ".dcm"));
        }
        List<Path> out = new ArrayList<>();
        for (var m : moves.entrySet()) {
            out.add(Files.move(m.getKey(), m.getValue(), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE));
        }
        return out;
    }

    /**
     * STOW-RS: stores the files (DICOM SEGs, or any instances) in their study on the server.
     *
     * @return which instances the server stored and why it refused any others
     */
    public StoreReport store(List<Path> files, ProgressListener progress, CancellationToken cancel)
            throws PacsException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to store");
        }
        List<String> sent = new ArrayList<>();
        Multipart.Body body;
        try {
            for (Path f : files) {
                sent.add(parser.read(f, false).sopInstanceUid());
            }
            body = Multipart.Body.of(files);
        } catch (DicomParseException e) {
            throw new PacsException(PacsException.Kind.BAD_RESPONSE, "cannot send " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PacsException(PacsException.Kind.SERVER, "cannot read the files to send (" + e.getMessage()
                    + ")", e);
        }
        String what = "storing " + files.size() + " instance(s)";
        HttpRequest request = http.request("/studies").header("Content-Type", body.contentType())
                .header("Accept", JSON)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new Counting(body.open(), body.length(), progress, cancel)), body.length()))
                .build();
        LOG.debug("{}: storing {} instance(s)", http.server().name(), files.size());
        progress.progress(0, body.length(), "Sending " + files.size() + " file(s) to " + http.server().name());
        // 409: the server stored none of them, and its report says why.
        HttpResponse<byte[]> response = http.send(request, limited(), what, false, cancel, 409);
        return report(response.body(), sent, what);
    }

    private StoreReport report(byte[] json, List<String> sent, String what) throws PacsException {
        DicomObject ds;
        try {
            ds = json.length == 0 ? new DicomObject() : DicomJson.readObject(json);
        } catch (IOException e) {
            throw badAnswer(what, "the store report is " + e.getMessage(), e);
        }
        List<String> stored = new ArrayList<>();
        for (DicomObject item : ds.getSequence(Tag.ReferencedSOPSequence)) {
            String uid = item.getString(Tag.ReferencedSOPInstanceUID);
            if (uid != null) {
                stored.add(uid);
            }
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (DicomObject item : ds.getSequence(Tag.FailedSOPSequence)) {
            int code = item.getInt(Tag.FailureReason, -1);
            failed.put(item.getString(Tag.ReferencedSOPInstanceUID, "?"), failureReason(code));
        }
        for (String uid : sent) {
            if (!stored.contains(uid) && !failed.containsKey(uid)) {
                failed.put(uid, "the server did not confirm it");
            }
        }
        return new StoreReport(stored, failed);
    }

    /** PS3.18 Table I.2-1 failure reasons in words. */
    private static String failureReason(int code) {
        return switch (code) {
            case 0xA700 -> "the server is out of resources (0xA700)";
            case 0xA900 -> "the data set does not match the SOP class (0xA900)";
            case 0xC000 -> "the server cannot understand it (0xC000)";
            case 0xC122 -> "the referenced transfer syntax is not supported (0xC122)";
            case 0x0110 -> "processing failure (0x0110)";
            case 0x0122 -> "the SOP class is not supported (0x0122)";
            case 0xA770 -> "the study does not match (0xA770)";
            default -> code < 0 ? "no reason given" : "failure code 0x" + Integer.toHexString(code).toUpperCase();
        };
    }

    /** A rendered thumbnail (JPEG) of a series, or empty when the server does not render one. */
    public Optional<byte[]> thumbnail(String studyUid, String seriesUid, int size, CancellationToken cancel) {
        if (!Uids.isValid(studyUid) || !Uids.isValid(seriesUid)) {
            return Optional.empty();
        }
        String base = "/studies/" + studyUid + "/series/" + seriesUid;
        for (String path : List.of(base + "/thumbnail?viewport=" + size + "," + size,
                base + "/rendered?viewport=" + size + "," + size)) {
            try {
                HttpResponse<byte[]> r = http.send(http.request(path).header("Accept", "image/jpeg").GET().build(),
                        limited(MAX_THUMBNAIL), "a thumbnail", true, cancel);
                if (r.body().length > 0) {
                    return Optional.of(r.body());
                }
            } catch (PacsException e) {
                if (e.kind() != PacsException.Kind.NOT_FOUND && e.kind() != PacsException.Kind.SERVER) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private List<DicomObject> json(String path, String what, CancellationToken cancel) throws PacsException {
        HttpRequest request = http.request(path).header("Accept", JSON).GET().build();
        LOG.debug("{}: {}", http.server().name(), what.replaceAll("[0-9.]{20,}", "…"));
        HttpResponse<byte[]> response = http.send(request, limited(), what, true, cancel);
        try {
            return DicomJson.readArray(response.body());
        } catch (IOException e) {
            throw badAnswer(what, "the answer is " + e.getMessage(), e);
        }
    }

    private static HttpResponse.BodyHandler<byte[]> limited() {
        return limited(MAX_JSON);
    }

    /** Reads a body into memory, refusing one larger than {@code max} bytes. */
    private static HttpResponse.BodyHandler<byte[]> limited(int max) {
        return info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(), in -> {
            try (in) {
                byte[] b = in.readNBytes(max + 1);
                if (b.length > max) {
                    throw new UncheckedIOException(new IOException("the answer is larger than " + (max >> 20)
                            + " MiB"));
                }
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private PacsException badAnswer(String what, String problem, Throwable cause) {
        return new PacsException(PacsException.Kind.BAD_RESPONSE, http.server().describe() + " sent a malformed"
                + " answer to " + what + ": " + problem + "; nothing was stored from it", cause);
    }

    private static void checkUid(String uid, String what) {
        if (!Uids.isValid(uid)) {
            throw new IllegalArgumentException("not a valid " + what + ": '" + uid + "'");
        }
    }

    private static int numerically(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a.strip()), Integer.parseInt(b.strip()));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the staging folder {}: {}", dir, e.getMessage());
        }
    }

    /** Counts the bytes of a request body as it is sent, and stops it when the user cancels. */
    private static final class Counting extends java.io.FilterInputStream {
        private final long total;
        private final ProgressListener progress;
        private final CancellationToken cancel;
        private long sent;
        private long reported;

        Counting(InputStream in, long total, ProgressListener progress, CancellationToken cancel) {
            super(in);
            this.total = total;
            this.progress = progress;
            this.cancel = cancel;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (cancel.isCancelled()) {
                throw new IOException("cancelled by the user");
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                sent += n;
                if (sent - reported >= (256 << 10) || sent == total) {
                    reported = sent;
                    progress.progress(sent, total, "Sent " + (sent >> 10) + " of " + (total >> 10) + " KiB");
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }
    }
}
