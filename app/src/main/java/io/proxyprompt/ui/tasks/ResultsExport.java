package io.proxyprompt.ui.tasks;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.AtomicFiles;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.export.MeasurementsCsv;
import io.proxyprompt.export.PngMasks;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the reviewed results: PNG masks per object ({@code OUT/<target>/<object>.png}, frames as
 * {@code <object>_f001.png}), a label map per target ({@code labels.png}, values = object index in the support
 * set), DICOM SEG for DICOM targets and {@code OUT/measurements.csv}. Every file is written atomically; existing
 * files are replaced only when the caller confirmed it.
 */
public final class ResultsExport {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsExport.class);

    /** One target to export: its image, masks per object (one per frame, null where none) and review state. */
    public record Item(String name, ImageStack stack, Map<String, List<Mask>> masks, Set<String> edited,
                       boolean reviewed) {
    }

    /** What to write where. */
    public record Request(Path outDir, boolean pngPerObject, boolean labelMap, boolean csv, boolean seg,
                          List<String> objects, List<Item> items, String modelName, String modelVersion) {
    }

    /** What was written, and what was skipped (with why). */
    public record Report(List<Path> written, List<String> skipped) {
    }

    private ResultsExport() {
    }

    /** The files an export would write (to ask before overwriting any that exist). */
    public static List<Path> plannedFiles(Request r) {
        List<Path> out = new ArrayList<>();
        for (Item it : r.items()) {
            Path dir = r.outDir().resolve(safe(it.name()));
            int frames = it.stack().frameCount();
            for (int f = 0; f < frames; f++) {
                if (r.pngPerObject()) {
                    for (String o : r.objects()) {
                        if (mask(it, o, f) != null) {
                            out.add(dir.resolve(frameName(o, f, frames) + ".png"));
                        }
                    }
                }
                if (r.labelMap() && r.objects().stream().anyMatch(o -> mask(it, o, 0) != null)) {
                    out.add(dir.resolve(frameName("labels", f, frames) + ".png"));
                }
            }
            if (r.seg() && isDicom(it)) {
                out.add(dir.resolve(safe(it.stack().name()) + "_seg.dcm"));
            }
        }
        if (r.csv()) {
            out.add(r.outDir().resolve("measurements.csv"));
        }
        return out;
    }

    /** The planned files that already exist (read on a worker thread). */
    public static List<Path> existing(Request r) {
        return plannedFiles(r).stream().filter(Files::exists).toList();
    }

    /** Writes everything; {@code overwrite} must come from the user's confirmation. */
    public static Report run(Request r, boolean overwrite, ProgressListener progress, CancellationToken cancel)
            throws IOException {
        List<Path> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        StringBuilder csv = new StringBuilder(
                "target,frame,object,area_px,vertical_cdr,vessel_fraction_fov,edited_by_hand,reviewed\n");
        for (int i = 0; i < r.items().size(); i++) {
            cancel.throwIfCancelled();
            Item it = r.items().get(i);
            progress.progress(i, r.items().size(), "Exporting " + it.name());
            Path dir = r.outDir().resolve(safe(it.name()));
            int frames = it.stack().frameCount();
            for (int f = 0; f < frames; f++) {
                Map<String, Mask> present = new LinkedHashMap<>();
                for (String o : r.objects()) {
                    Mask m = mask(it, o, f);
                    if (m != null) {
                        present.put(o, m);
                    }
                }
                if (r.pngPerObject()) {
                    for (var e : present.entrySet()) {
                        Path file = dir.resolve(frameName(e.getKey(), f, frames) + ".png");
                        PngMasks.writeMask(e.getValue(), file, overwrite);
                        written.add(file);
                    }
                }
                if (r.labelMap() && !present.isEmpty()) {
                    List<Mask> ordered = new ArrayList<>();
                    Mask any = present.values().iterator().next();
                    for (String o : r.objects()) {
                        ordered.add(present.getOrDefault(o, new Mask(any.width(), any.height())));
                    }
                    Path file = dir.resolve(frameName("labels", f, frames) + ".png");
                    PngMasks.writeLabelMap(ordered, file, overwrite);
                    written.add(file);
                }
                if (r.csv() && !present.isEmpty()) {
                    Measurements m = Measurements.of(present, it.stack().frame(f));
                    String cdr = m.verticalCdr().isPresent()
                            ? String.format(Locale.ROOT, "%.4f", m.verticalCdr().getAsDouble()) : "";
                    for (var e : present.entrySet()) {
                        String vf = e.getKey().equals("vessel") && m.vesselFraction().isPresent()
                                ? String.format(Locale.ROOT, "%.4f", m.vesselFraction().getAsDouble()) : "";
                        csv.append(MeasurementsCsv.quote(it.name())).append(',').append(f + 1).append(',')
                                .append(MeasurementsCsv.quote(e.getKey())).append(',').append(e.getValue().area())
                                .append(',').append(cdr).append(',').append(vf).append(',')
                                .append(it.edited().contains(e.getKey())).append(',').append(it.reviewed())
                                .append('\n');
                    }
                }
            }
            if (r.seg()) {
                if (!isDicom(it)) {
                    skipped.add(it.name() + ": DICOM SEG skipped (a photograph, not a DICOM image)");
                } else {
                    written.addAll(segOf(r, it, dir, progress, cancel));
                }
            }
        }
        if (r.csv()) {
            Path file = r.outDir().resolve("measurements.csv");
            AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8), overwrite);
            written.add(file);
        }
        progress.progress(r.items().size(), r.items().size(), "Exported " + written.size() + " files");
        LOG.info("Export of {} target(s), objects {} to {}: {} file(s) written (png {}, label map {}, csv {}, seg {}),"
                + " {} skipped", r.items().size(), r.objects(), r.outDir(), written.size(), r.pngPerObject(),
                r.labelMap(), r.csv(), r.seg(), skipped.size());
        return new Report(written, skipped);
    }

    private static List<Path> segOf(Request r, Item it, Path dir, ProgressListener progress,
                                    CancellationToken cancel) throws IOException {
        Map<String, List<Mask>> masks = new LinkedHashMap<>();
        int frames = it.stack().frameCount();
        for (String o : r.objects()) {
            List<Mask> perFrame = new ArrayList<>();
            boolean any = false;
            for (int f = 0; f < frames; f++) {
                Mask m = mask(it, o, f);
                perFrame.add(m);
                any |= m != null;
            }
            if (any) {
                masks.put(o, perFrame);
            }
        }
        if (masks.isEmpty()) {
            return List.of();
        }
        DicomSegExport seg = new DicomSegExport(new SegWriter(new DicomWriter()), new DicomParser(),
                SegOptions.defaults(io.proxyprompt.cli.Cli.version()));
        Files.createDirectories(dir);
        try {
            return seg.export(it.stack(), masks, it.edited(),
                    new DicomSegExport.Algorithm(r.modelName(), r.modelVersion()), dir, progress, cancel);
        } catch (IllegalArgumentException e) {
            throw new IOException(it.name() + ": DICOM SEG not written: " + e.getMessage(), e);
        }
    }

    private static boolean isDicom(Item it) {
        return it.stack().kind() == ImageStack.Kind.DICOM && it.stack().frame(0).origin() != null
                && it.stack().frame(0).origin().isDicom();
    }

    private static Mask mask(Item it, String object, int frame) {
        List<Mask> l = it.masks().get(object);
        return l == null || frame >= l.size() ? null : l.get(frame);
    }

    private static String frameName(String base, int frame, int frames) {
        return frames == 1 ? base : base + String.format("_f%03d", frame + 1);
    }

    /** A file-name-safe form of a target name. */
    public static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "target" : s;
    }
}
