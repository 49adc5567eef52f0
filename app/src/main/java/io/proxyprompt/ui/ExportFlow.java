package io.proxyprompt.ui;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ExportWriter;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.ui.panels.SupportHost;
import io.proxyprompt.ui.panels.TargetsPanel;
import io.proxyprompt.ui.tasks.ProgressTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Export from the window: the dialog, copies of the masks taken on the FX thread, an overwrite check and the
 * writing on a worker thread, and the result as a notification.
 */
final class ExportFlow {

    private final Services services;
    private final ImageCache cache;
    private final SavedMasks savedMasks;
    private final TargetsPanel targets;
    private final SupportHost host;
    private final Supplier<io.proxyprompt.application.EngineStatus> engineStatus;
    private Path lastExportFolder;

    ExportFlow(Services services, ImageCache cache, SavedMasks savedMasks, TargetsPanel targets, SupportHost host,
               Supplier<io.proxyprompt.application.EngineStatus> model) {
        this.engineStatus = model;
        this.services = services;
        this.cache = cache;
        this.savedMasks = savedMasks;
        this.targets = targets;
        this.host = host;
    }

    void show() {
        List<TargetEntry> all = List.copyOf(targets.items());
        List<TargetEntry> selected = List.copyOf(targets.list().getSelectionModel().getSelectedItems());
        if (all.isEmpty()) {
            host.notifier().info("Nothing to export yet: open targets and segment them first");
            return;
        }
        long dicom = all.stream().filter(t -> cache.isDicom(t.source())).count();
        Path initial = lastExportFolder != null ? lastExportFolder : services.workspace().folder().resolve("export");
        int toCheck = (int) all.stream().filter(TargetsPanel::toCheck).count();
        new ExportDialog(host.window(), initial, all.size(), selected.size(), (int) dicom, toCheck).showAndWait()
                .ifPresent(choice -> export(choice, choice.selectedOnly() ? selected : all));
    }

    /** Exports the targets (masks copied now, files written in the background after an overwrite check). */
    void export(ExportDialog.Choice choice, List<TargetEntry> chosen) {
        // targets not shown since the workspace opened are decoded first (their frames go into the files)
        cache.withStacks(chosen.stream().map(TargetEntry::source).toList(), () ->
                savedMasks.read(chosen, () -> exportOpened(choice, chosen)));
    }

    private void exportOpened(ExportDialog.Choice choice, List<TargetEntry> chosen) {
        lastExportFolder = choice.outDir();
        List<ExportPlan.LabelGroup> groups = labelGroups();
        List<ExportItem> items = items(chosen, groups);
        Set<ExportFormat> formats = EnumSet.noneOf(ExportFormat.class);
        if (choice.pngPerObject()) {
            formats.add(ExportFormat.PNG);
        }
        if (choice.labelMap()) {
            formats.add(ExportFormat.LABEL_MAP);
        }
        if (choice.csv()) {
            formats.add(ExportFormat.CSV);
        }
        if (choice.seg()) {
            formats.add(ExportFormat.SEG);
        }
        ExportPlan plan = plan(choice.outDir(), formats, groups);
        services.background().io(new ProgressTask<>("Check export",
                (p, c) -> ExportService.existing(plan, items)), existing -> {
                    if (existing.isEmpty()) {
                        runExport(plan, items, AtomicFiles.Existing.REFUSE);
                    } else if (confirmOverwrite(plan.outDir(), existing)) {
                        runExport(plan, items, AtomicFiles.Existing.REPLACE);
                    } else {
                        host.notifier().info("Export cancelled; nothing was overwritten");
                    }
                }, e -> host.notifier().error("Export failed: " + e.getMessage()));
    }

    /** The label groups of the workspace's support sets (one label map each). */
    List<ExportPlan.LabelGroup> labelGroups() {
        return services.workspace().supportSets().stream()
                .map(set -> new ExportPlan.LabelGroup(set.name(), set.objects().stream().map(ObjectSpec::name)
                        .toList()))
                .filter(g -> !g.objects().isEmpty()).toList();
    }

    /** A plan for {@code formats} into {@code outDir}, naming the model that ran. */
    ExportPlan plan(Path outDir, Set<ExportFormat> formats, List<ExportPlan.LabelGroup> groups) {
        String[] model = engineStatus.get().model().split(" ", 2);
        return new ExportPlan(outDir, formats, groups, model[0], model.length > 1 ? model[1] : "");
    }

    /** Copies of the targets' masks, one item per frame with masks (taken on the FX thread). */
    List<ExportItem> items(List<TargetEntry> chosen, List<ExportPlan.LabelGroup> groups) {
        List<String> order = new ArrayList<>();
        groups.forEach(g -> g.objects().stream().filter(o -> !order.contains(o)).forEach(order::add));
        List<ExportItem> items = new ArrayList<>();
        for (TargetEntry t : chosen) {
            ImageStack s = cache.stack(t.source());
            if (s == null) {
                continue;
            }
            for (int f = 0; f < s.frameCount(); f++) {
                Map<String, Mask> masks = new LinkedHashMap<>();
                Map<String, Mask> present = t.masksOf(f);
                order.stream().filter(present::containsKey).forEach(o -> masks.put(o, present.get(o).copy()));
                present.forEach((o, m) -> masks.putIfAbsent(o, m.copy()));
                if (masks.isEmpty()) {
                    continue;
                }
                Map<String, Float> iou = new LinkedHashMap<>();
                for (String o : masks.keySet()) {
                    Float v = t.predictedIou(new Layer(o, f));
                    if (v != null) {
                        iou.put(o, v);
                    }
                }
                items.add(new ExportItem(t.name(), f, s.frameCount(), s.frame(f), masks, iou, t.quality(f),
                        t.editedObjects(), t.reviewed()));
            }
        }
        return items;
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

    private void runExport(ExportPlan plan, List<ExportItem> items, AtomicFiles.Existing existing) {
        services.background().io(new ProgressTask<>("Export", (p, c) -> {
            ExportWriter writer = services.export().open(plan, existing);
            for (int i = 0; i < items.size(); i++) {
                c.throwIfCancelled();
                p.progress(i, items.size(), "Exporting " + items.get(i).name());
                writer.write(items.get(i));
            }
            return writer.finish();
        }), report -> {
            String msg = "Exported " + report.written().size() + " files to " + plan.outDir();
            if (report.warnings().isEmpty()) {
                host.notifier().info(msg);
            } else {
                host.notifier().info(msg + "\n" + String.join("\n", report.warnings()));
            }
        }, e -> host.notifier().error("Export failed: " + e.getMessage() + "; nothing already exported was changed. "
                + "Choose another folder or check that it is writable."));
    }
}
