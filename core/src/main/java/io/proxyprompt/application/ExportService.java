package io.proxyprompt.application;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.quality.AnatomicalRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one export of the application: PNG masks, label maps, the measurements table and DICOM SEG in the
 * {@link OutputLayout}, for the workstation's Export and the command line's {@code segment} alike. Open a
 * {@link ExportWriter}, hand it the frames (as they are segmented, or all at once), then finish it.
 */
public final class ExportService {

    private final DicomSegExport seg;
    private final AnatomicalRules rules;

    /**
     * @param seg   writes DICOM SEG
     * @param rules the anatomical rules the measurements are taken under
     */
    public ExportService(DicomSegExport seg, AnatomicalRules rules) {
        this.seg = seg;
        this.rules = rules;
    }

    /** Starts an export; {@code existing} says whether files already there may be replaced. */
    public ExportWriter open(ExportPlan plan, AtomicFiles.Existing existing) {
        return new ExportWriter(plan, existing, seg, rules);
    }

    /** The files exporting {@code items} would write (to ask before replacing any that exist). */
    public static List<Path> plannedFiles(ExportPlan plan, List<ExportItem> items) {
        OutputLayout layout = new OutputLayout(plan.outDir());
        Set<Path> out = new LinkedHashSet<>();
        for (ExportItem it : items) {
            if (plan.writes(ExportFormat.PNG)) {
                it.masks().keySet().forEach(o -> out.add(layout.mask(it.name(), o, it.frame(), it.frameCount())));
            }
            if (plan.writes(ExportFormat.LABEL_MAP)) {
                for (ExportPlan.LabelGroup g : plan.labelGroups()) {
                    if (g.objects().stream().anyMatch(it.masks()::containsKey)) {
                        out.add(layout.labelMap(it.name(), g.name(), plan.labelGroups(), it.frame(),
                                it.frameCount()));
                    }
                }
            }
            if (plan.writes(ExportFormat.SEG) && ExportWriter.isDicom(it) && !it.allEmpty()) {
                out.add(layout.targetDir(it.name()).resolve(OutputLayout.safe(it.name()) + "_seg.dcm"));
            }
        }
        if (plan.writes(ExportFormat.CSV)) {
            out.add(layout.csv());
        }
        return new ArrayList<>(out);
    }

    /** The planned files that already exist. */
    public static List<Path> existing(ExportPlan plan, List<ExportItem> items) {
        return plannedFiles(plan, items).stream().filter(Files::exists).toList();
    }
}
