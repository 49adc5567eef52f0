package io.proxyprompt.cli;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsException;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.pacs.RemoteSeries;
import io.proxyprompt.pacs.RetrievedSeries;
import io.proxyprompt.pacs.StoreReport;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.settings.PacsServers;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PACS side of {@code segment --pacs}: the server (a saved one by name or address, else the address with
 * credentials from the environment, never from the command line where others could read them), retrieving a
 * study's image series, and storing the SEGs written for them.
 */
final class PacsSteps {

    /** Environment variables for a server that is not saved in the workstation's preferences. */
    static final String USER_ENV = "PROXYPROMPT_PACS_USER";
    static final String PASSWORD_ENV = "PROXYPROMPT_PACS_PASSWORD";
    static final String TOKEN_ENV = "PROXYPROMPT_PACS_TOKEN";

    /** A retrieved image series: a target name people can read ("1_CT"), its folder and what the PACS said. */
    record Retrieved(String name, Path folder, RemoteSeries series) { }

    private final DicomWebClient client;

    private PacsSteps(DicomWebClient client) {
        this.client = client;
    }

    /** The server named by {@code pacs}: a saved server's name or address, else an address. */
    static PacsSteps connect(String pacs, Optional<PacsServers> saved, Map<String, String> env, DicomParser parser)
            throws PacsException {
        Optional<PacsServer> known = saved.flatMap(s -> s.find(pacs));
        PacsServer server;
        if (known.isPresent()) {
            server = known.get();
        } else {
            if (!pacs.startsWith("http://") && !pacs.startsWith("https://")) {
                throw new IllegalArgumentException("--pacs " + pacs + " is neither a saved server nor an http(s):// address"
                        + " of a DICOMweb service");
            }
            Credentials c = env.containsKey(TOKEN_ENV) ? new Credentials.Bearer(env.get(TOKEN_ENV))
                    : env.containsKey(USER_ENV) ? new Credentials.Basic(env.get(USER_ENV), env.getOrDefault(PASSWORD_ENV, ""))
                    : new Credentials.None();
            try {
                server = new PacsServer(URI.create(pacs).getHost(), URI.create(pacs), c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pacs " + pacs + ": " + e.getMessage());
            }
        }
        return new PacsSteps(new DicomWebClient(server, parser));
    }

    /** Retrieves the study's image series (or only {@code onlySeries}) into {@code cache}. */
    List<Retrieved> retrieve(String study, List<String> onlySeries, Path cache, PrintStream err) throws PacsException {
        List<Retrieved> folders = new ArrayList<>();
        List<RemoteSeries> series = client.searchSeries(study, CancellationToken.never());
        if (series.isEmpty()) {
            throw new PacsException(PacsException.Kind.NOT_FOUND, client.server().describe() + " has no study "
                    + study + " (or it has no series); check the Study Instance UID");
        }
        for (RemoteSeries s : series) {
            if (!onlySeries.isEmpty() && !onlySeries.contains(s.seriesInstanceUid())) {
                continue;
            }
            if (!s.holdsImages()) {
                err.println("segment: skipped series " + s.seriesNumber() + " (" + s.modality() + ", "
                        + s.seriesDescription() + "): it holds no images");
                continue;
            }
            RetrievedSeries got = client.retrieveSeries(study, s.seriesInstanceUid(), s.instanceCount(), cache,
                    (done, total, message) -> err.printf("[%d/%d] %s%n", done, total, message),
                    CancellationToken.never());
            err.println("segment: retrieved series " + s.seriesNumber() + " (" + s.modality() + ", "
                    + s.seriesDescription() + "): " + got.files().size() + " instance(s)");
            String name = ("series" + s.seriesNumber() + "_" + s.modality()).replaceAll("[^A-Za-z0-9_-]+", "");
            folders.add(new Retrieved(name, got.folder(), s));
        }
        for (String wanted : onlySeries) {
            if (series.stream().noneMatch(s -> s.seriesInstanceUid().equals(wanted))) {
                throw new PacsException(PacsException.Kind.NOT_FOUND, "study " + study + " on "
                        + client.server().describe() + " has no series " + wanted);
            }
        }
        return folders;
    }

    /** Stores the SEG files this run wrote under {@code outDir}; prints one line per file; true when all stored. */
    boolean send(Path outDir, List<Path> segs, PrintStream out, PrintStream err) throws PacsException {
        if (segs.isEmpty()) {
            err.println("segment: no SEG to send (nothing was found in the series)");
            return true;
        }
        StoreReport report = client.store(segs, (d, t, m) -> { }, CancellationToken.never());
        DicomParser parser = new DicomParser();
        boolean all = true;
        for (Path seg : segs) {
            String uid;
            try {
                uid = parser.read(seg, false).sopInstanceUid();
            } catch (io.proxyprompt.dicom.DicomParseException e) {
                uid = "?";
            }
            String reason = report.failed().get(uid);
            if (report.stored().contains(uid)) {
                out.println("sent " + outDir.relativize(seg) + " -> stored on " + client.server().name());
            } else {
                all = false;
                err.println("segment: " + outDir.relativize(seg) + " was not stored on " + client.server().name()
                        + ": " + (reason == null ? "no reason given" : reason));
            }
        }
        return all;
    }
}
