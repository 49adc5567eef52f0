package io.proxyprompt.application;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.export.PngMasks;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One export in progress: writes each frame's masks and label maps as it is given, gathers the measurement rows
 * and a DICOM target's frames for its SEG, and writes the SEG when the target is complete and the table at the end.
 * Not thread-safe: one thread feeds it.
 */
public final class ExportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ExportWriter.class);

    private final ExportPlan plan;
    private final AtomicFiles.Existing existing;
    private final DicomSegExport seg;
    private final AnatomicalRules rules;
    private final OutputLayout layout;
    private final MeasurementsCsv table = new MeasurementsCsv();
    private final List<Path> written = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Pending pending;

    /** The frames of the DICOM target being gathered for its SEG. */
    private static final class Pending {
        final String name;
        final List<FrameOrigin> origins = new ArrayList<>();
        final Map<String, List<Mask>> masks = new LinkedHashMap<>();
        final Set<String> edited = new LinkedHashSet<>();
        boolean anyMask;

        Pending(String name) {
            this.name = name;
        }
    }

    ExportWriter(ExportPlan plan, AtomicFiles.Existing existing, DicomSegExport seg, AnatomicalRules rules) {
        this.plan = plan;
        this.existing = existing;
        this.seg = seg;
        this.rules = rules;
        this.layout = new OutputLayout(plan.outDir());
    }

    /**
     * Writes one frame's files. Frames of one target come one after the other.
     *
     * @throws java.nio.file.FileAlreadyExistsException when a file exists and replacing was not allowed
     * @throws IOException                              when a file cannot be written (the message names it)
     */
    public List<Path> write(ExportItem item) throws IOException {
        if (pending != null && !pending.name.equals(item.name())) {
            flushSeg();
        }
        List<Path> files = new ArrayList<>();
        if (plan.writes(ExportFormat.PNG)) {
            for (Map.Entry<String, Mask> e : item.masks().entrySet()) {
                Path file = layout.mask(item.name(), e.getKey(), item.frame(), item.frameCount());
                MaskFiles.write(file, e.getValue(), existing);
                files.add(file);
            }
        }
        if (plan.writes(ExportFormat.LABEL_MAP)) {
            for (ExportPlan.LabelGroup g : plan.labelGroups()) {
                List<Mask> ordered = new ArrayList<>();
                boolean any = false;
                for (String o : g.objects()) {
                    Mask m = item.masks().get(o);
                    any |= m != null;
                    ordered.add(m != null ? m : new Mask(item.image().width(), item.image().height()));
                }
                if (any) {
                    Path file = layout.labelMap(item.name(), g.name(), plan.labelGroups(), item.frame(),
                            item.frameCount());
                    PngMasks.writeLabelMap(ordered, file, existing == AtomicFiles.Existing.REPLACE);
                    files.add(file);
                }
            }
        }
        if (plan.writes(ExportFormat.CSV) && !item.masks().isEmpty()) {
            table.add(item, measurements(item));
        }
        if (plan.writes(ExportFormat.SEG)) {
            gatherSeg(item);
        }
        written.addAll(files);
        return files;
    }

    /** The measurements of one frame, taken under this export's anatomical rules (as the table's rows hold them). */
    public Measurements measurements(ExportItem item) {
        return Measurements.of(item.masks(), item.image(), rules, item.tidiedUnder(), item.fieldOfView());
    }

    /** Notes a problem that the report should carry (e.g. a target that could not be segmented). */
    public void warn(String message) {
        warnings.add(message);
    }

    /**
     * Writes the last SEG and the measurements table.
     *
     * @return every file written, and what was skipped with why
     */
    public ExportReport finish() throws IOException {
        flushSeg();
        if (plan.writes(ExportFormat.CSV)) {
            AtomicFiles.writeString(layout.csv(), table.text(), existing);
            written.add(layout.csv());
        }
        LOG.info("Export to {} ({}): {} file(s) written, {} note(s)", plan.outDir().toAbsolutePath(),
                plan.formats(), written.size(), warnings.size());
        warnings.forEach(w -> LOG.debug("Export note: {}", w));
        return new ExportReport(written, warnings);
    }

    private void gatherSeg(ExportItem item) {
        if (!isDicom(item)) {
            if (pending == null || !pending.name.equals(item.name())) {
                warnings.add(item.name() + ": no DICOM SEG (a photograph, not a DICOM image); its PNG masks are the"
                        + " result");
                pending = new Pending(item.name());
            }
            return;
        }
        if (pending == null) {
            pending = new Pending(item.name());
        }
        int index = pending.origins.size();
        pending.origins.add(item.image().origin());
        for (Map.Entry<String, Mask> e : item.masks().entrySet()) {
            List<Mask> perFrame = pending.masks.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (perFrame.size() < index) {
                perFrame.add(null);
            }
            perFrame.add(e.getValue());
            pending.anyMask |= !e.getValue().isEmpty();
        }
        pending.edited.addAll(item.edited());
    }

    private void flushSeg() throws IOException {
        Pending p = pending;
        pending = null;
        if (p == null || p.origins.isEmpty()) {
            return;
        }
        if (!p.anyMask) {
            warnings.add(p.name + ": no DICOM SEG written: every mask is empty, and a SEG cannot be empty");
            return;
        }
        p.masks.values().forEach(l -> {
            while (l.size() < p.origins.size()) {
                l.add(null);
            }
        });
        try {
            written.addAll(seg.export(p.name, p.origins, p.masks, p.edited,
                    new DicomSegExport.Algorithm(plan.modelName(), plan.modelVersion()), layout.targetDir(p.name),
                    existing == AtomicFiles.Existing.REPLACE, ProgressListener.NONE, CancellationToken.never()));
        } catch (IllegalArgumentException e) {
            throw new IOException(p.name + ": DICOM SEG not written: " + e.getMessage(), e);
        }
    }

    static boolean isDicom(ExportItem item) {
        return item.image().origin() != null && item.image().origin().isDicom();
    }
}
