package io.proxyprompt.ui;

import io.proxyprompt.image.ImageStack;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.ui.tasks.ResultsExport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Export from the window: the dialog, copies of the masks taken on the FX thread, an overwrite check and the
 * writing on a worker thread, and the result as a notification.
 */
final class ExportFlow {

    private final Services services;
    private final Workbench bench;
    private final TargetsPanel targets;
    private final SupportHost host;
    private final Supplier<List<ObjectSpec>> objectSpecs;
    private final Supplier<io.proxyprompt.ui.tasks.EngineStatus> engineStatus;
    private Path lastExportFolder;

    ExportFlow(Services services, Workbench bench, TargetsPanel targets, SupportHost host,
               Supplier<List<ObjectSpec>> objectSpecs, Supplier<io.proxyprompt.ui.tasks.EngineStatus> model) {
        this.engineStatus = model;
        this.services = services;
        this.bench = bench;
        this.targets = targets;
        this.host = host;
        this.objectSpecs = objectSpecs;
    }

    void show() {
        List<TargetEntry> all = List.copyOf(targets.items());
        List<TargetEntry> selected = List.copyOf(targets.list().getSelectionModel().getSelectedItems());
        if (all.isEmpty()) {
            host.notifier().info("Nothing to export yet: open targets and segment them first");
            return;
        }
        long dicom = all.stream().map(t -> bench.stack(t.source()))
                .filter(s -> s != null && s.kind() == ImageStack.Kind.DICOM).count();
        Path initial = lastExportFolder != null ? lastExportFolder : services.workspace().folder().resolve("export");
        new ExportDialog(host.window(), initial, all.size(), selected.size(), (int) dicom).showAndWait()
                .ifPresent(choice -> export(choice, choice.selectedOnly() ? selected : all));
    }

    /** Exports the targets (masks copied now, files written in the background after an overwrite check). */
    void export(ExportDialog.Choice choice, List<TargetEntry> chosen) {
        lastExportFolder = choice.outDir();
        List<String> objects = new java.util.ArrayList<>(objectSpecs.get().stream().map(ObjectSpec::name).toList());
        List<ResultsExport.Item> items = new java.util.ArrayList<>();
        for (TargetEntry t : chosen) {
            ImageStack s = bench.stack(t.source());
            if (s == null) {
                continue;
            }
            Map<String, List<io.proxyprompt.mask.Mask>> masks = new java.util.LinkedHashMap<>();
            for (String layer : t.masks().keySet()) {
                String object = TargetEntry.objectOf(layer);
                if (!objects.contains(object)) {
                    objects.add(object);
                }
            }
            for (String o : objects) {
                List<io.proxyprompt.mask.Mask> perFrame = new java.util.ArrayList<>();
                for (int f = 0; f < s.frameCount(); f++) {
                    io.proxyprompt.mask.Mask m = t.mask(TargetEntry.layer(o, f));
                    perFrame.add(m == null ? null : m.copy());
                }
                if (perFrame.stream().anyMatch(java.util.Objects::nonNull)) {
                    masks.put(o, perFrame);
                }
            }
            items.add(new ResultsExport.Item(t.name(), s, masks, t.editedObjects(), t.reviewed()));
        }
        String[] model = engineStatus.get().model().split(" ", 2);
        ResultsExport.Request request = new ResultsExport.Request(choice.outDir(), choice.pngPerObject(),
                choice.labelMap(), choice.csv(), choice.seg(), List.copyOf(objects), items, model[0],
                model.length > 1 ? model[1] : "");
        services.background().io(new ProgressTask<>("Check export", (p, c) -> ResultsExport.existing(request)),
                existing -> {
                    if (existing.isEmpty()) {
                        runExport(request, false);
                    } else if (confirmOverwrite(request.outDir(), existing)) {
                        runExport(request, true);
                    } else {
                        host.notifier().info("Export cancelled; nothing was overwritten");
                    }
                }, e -> host.notifier().error("Export failed: " + e.getMessage()));
    }

    private boolean confirmOverwrite(Path dir, List<Path> existing) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                existing.size() + " file" + (existing.size() == 1 ? "" : "s") + " already exist in " + dir
                        + " (e.g. " + dir.relativize(existing.get(0)) + ").\nReplace them?",
                javafx.scene.control.ButtonType.YES, javafx.scene.control.ButtonType.NO);
        a.initOwner(host.window());
        a.setTitle("Overwrite files?");
        a.setHeaderText("Overwrite existing files?");
        a.getDialogPane().getStylesheets().add(ExportFlow.class.getResource("workstation.css").toExternalForm());
        return a.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.YES).isPresent();
    }

    private void runExport(ResultsExport.Request request, boolean overwrite) {
        services.background().io(new ProgressTask<>("Export", (p, c) -> ResultsExport.run(request, overwrite, p, c)),
                report -> {
                    String msg = "Exported " + report.written().size() + " files to " + request.outDir();
                    if (report.skipped().isEmpty()) {
                        host.notifier().info(msg);
                    } else {
                        host.notifier().info(msg + "\n" + String.join("\n", report.skipped()));
                    }
                },
                e -> host.notifier().error("Export failed: " + e.getMessage() + "; nothing already exported was changed. "
                        + "Choose another folder or check that it is writable."));
    }
}
