package io.proxyprompt.ui;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportReport;
import io.proxyprompt.application.ExportWriter;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.pacs.RemoteSeries;
import io.proxyprompt.pacs.RemoteStudy;
import io.proxyprompt.pacs.StoreReport;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.settings.PacsServers;
import io.proxyprompt.ui.pacs.PacsSearchDialog;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.tasks.ProgressTask;
import javafx.scene.control.Alert;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TextArea;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The workstation's PACS work: File › Open from PACS (search, then retrieve the chosen series into the workspace's
 * cache in the background and open them as targets) and Export › Send SEG to PACS (write the DICOM SEG of each
 * DICOM target, store them with STOW-RS and show what the PACS did with each series).
 */
final class PacsFlow {

    private final Services services;
    private final PacsServers servers;
    private final ImageCache bench;
    private final TargetsPanel targets;
    private final SupportHost host;
    private final ExportFlow exports;
    private final Consumer<List<Path>> open;
    private PacsServer lastServer;

    PacsFlow(Services services, PacsServers servers, ImageCache bench, TargetsPanel targets, SupportHost host,
             ExportFlow exports, Consumer<List<Path>> open) {
        this.services = services;
        this.servers = servers;
        this.bench = bench;
        this.targets = targets;
        this.host = host;
        this.exports = exports;
        this.open = open;
    }

    /** Where retrieved series are kept: inside the workspace, so its targets open again after a restart. */
    Path cache() {
        return services.workspace().folder().resolve("pacs-cache");
    }

    /** File › Open from PACS: the search dialog, then the retrieval of what was chosen. */
    PacsSearchDialog showSearch() {
        PacsSearchDialog dialog = new PacsSearchDialog(host.window(), servers.list(), services.background(),
                new DicomParser());
        if (lastServer != null) {
            dialog.preselect(lastServer);
        }
        dialog.setOnHidden(e -> {
            PacsSearchDialog.Selection chosen = dialog.getResult();
            if (chosen != null) {
                retrieve(chosen);
            }
        });
        dialog.show();
        return dialog;
    }

    /** Retrieves the chosen series (and the image series of the chosen studies) and opens them as targets. */
    void retrieve(PacsSearchDialog.Selection chosen) {
        lastServer = chosen.server();
        host.notifier().info("Retrieving from " + chosen.server().name() + "\u2026");
        Path cache = cache();
        services.background().io(new ProgressTask<>("Retrieve from PACS", (p, c) -> {
            DicomWebClient client = new DicomWebClient(chosen.server(), new DicomParser());
            List<RemoteSeries> series = new ArrayList<>(chosen.series());
            for (RemoteStudy st : chosen.wholeStudies()) {
                client.searchSeries(st.studyInstanceUid(), c).stream()
                        .filter(s -> !series.contains(s)).forEach(series::add);
            }
            List<Path> folders = new ArrayList<>();
            for (RemoteSeries s : series) {
                if (!s.holdsImages()) {
                    continue;
                }
                folders.add(client.retrieveSeries(s.studyInstanceUid(), s.seriesInstanceUid(), s.instanceCount(),
                        cache, p, c).folder());
            }
            return folders;
        }), folders -> {
            if (folders.isEmpty()) {
                host.notifier().info("Nothing to open: the chosen series hold no images (SEG, reports)");
                return;
            }
            host.notifier().info("Retrieved " + folders.size() + " series from " + chosen.server().name());
            open.accept(folders);
        }, e -> host.notifier().error(e.getMessage() + "; the workspace was not changed"));
    }

    /** Export › Send SEG to PACS: the DICOM targets' SEGs, stored on a server the user picks. */
    void sendSegs() {
        List<TargetEntry> dicom = targets.items().stream().filter(t -> bench.isDicom(t.source())).toList();
        if (dicom.isEmpty()) {
            host.notifier().info("No DICOM target to send: open series from a PACS (or DICOM files) and segment"
                    + " them first");
            return;
        }
        List<PacsServer> list = servers.list();
        if (list.isEmpty()) {
            host.notifier().error("No PACS server yet: add one in File › Preferences › PACS servers");
            return;
        }
        ChoiceDialog<PacsServer> pick = new ChoiceDialog<>(lastServer != null && list.contains(lastServer)
                ? lastServer : list.get(0), list);
        pick.initOwner(host.window());
        pick.setTitle("Send SEG to PACS");
        pick.setHeaderText("Store the DICOM SEG of " + dicom.size() + " DICOM target(s) in their studies on:");
        pick.getDialogPane().setId("sendSegDialog");
        pick.showAndWait().ifPresent(server -> send(server, dicom));
    }

    /** Writes the SEGs into the workspace's outbox and stores them; shows the result per series. */
    void send(PacsServer server, List<TargetEntry> chosen) {
        // targets not shown since the workspace opened are decoded first (their headers go into the SEGs)
        bench.withStacks(chosen.stream().map(TargetEntry::source).toList(), () -> sendOpened(server, chosen));
    }

    private void sendOpened(PacsServer server, List<TargetEntry> chosen) {
        List<ExportPlan.LabelGroup> groups = exports.labelGroups();
        List<ExportItem> items = exports.items(chosen, groups);
        if (items.isEmpty()) {
            host.notifier().info("Nothing to send: the DICOM targets have no masks yet; segment them first");
            return;
        }
        Path outbox = services.workspace().folder().resolve("pacs-outbox")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ExportPlan plan = exports.plan(outbox, EnumSet.of(ExportFormat.SEG), groups);
        lastServer = server;
        host.notifier().info("Sending SEG to " + server.name() + "\u2026");
        services.background().io(new ProgressTask<>("Send SEG to PACS", (p, c) -> {
            ExportWriter writer = services.export().open(plan, AtomicFiles.Existing.REFUSE);
            for (ExportItem item : items) {
                c.throwIfCancelled();
                writer.write(item);
            }
            ExportReport report = writer.finish();
            List<Path> segs = report.written().stream().filter(f -> f.toString().endsWith("_seg.dcm")).toList();
            if (segs.isEmpty()) {
                return List.of("No SEG was written: " + String.join("; ", report.warnings()));
            }
            StoreReport stored = new DicomWebClient(server, new DicomParser()).store(segs, p, c);
            return resultPerSeries(segs, stored, server);
        }), this::showResult, e -> host.notifier().error("Sending the SEGs failed: " + e.getMessage()
                + "; they are kept in " + outbox));
    }

    /** One line per SEG: the series it belongs to and what the PACS did with it. */
    private static List<String> resultPerSeries(List<Path> segs, StoreReport stored, PacsServer server) {
        DicomParser parser = new DicomParser();
        List<String> lines = new ArrayList<>();
        for (Path seg : segs) {
            String uid = "?";
            String series = seg.getFileName().toString();
            try {
                var ds = parser.read(seg, false).dataset();
                uid = ds.getString(Tag.SOPInstanceUID, "?");
                var ref = ds.getItem(Tag.ReferencedSeriesSequence);
                if (ref != null) {
                    series = seg.getParent().getFileName() + " (series " + ref.getString(Tag.SeriesInstanceUID, "?")
                            + ")";
                }
            } catch (DicomParseException e) {
                series += " (unreadable: " + e.getMessage() + ")";
            }
            String verdict = stored.stored().contains(uid) ? "stored on " + server.name()
                    : "NOT stored: " + Optional.ofNullable(stored.failed().get(uid)).orElse("no reason given");
            lines.add(series + ": " + verdict);
        }
        return lines;
    }

    private void showResult(List<String> lines) {
        Alert a = new Alert(lines.stream().allMatch(l -> l.contains(": stored on")) ? Alert.AlertType.INFORMATION
                : Alert.AlertType.WARNING);
        a.initOwner(host.window());
        a.setTitle("Send SEG to PACS");
        a.setHeaderText("Result per series");
        TextArea text = new TextArea(String.join("\n", lines));
        text.setId("sendSegResult");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(Math.min(12, lines.size() + 1));
        a.getDialogPane().setContent(text);
        a.show();
    }
}
