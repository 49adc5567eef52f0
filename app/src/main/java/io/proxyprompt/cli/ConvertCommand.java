package io.proxyprompt.cli;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegmentInfo;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code convert --in SEG --out DIR [--threshold T]}: writes every segment of every SEG frame as a 0/255 PNG mask;
 * a FRACTIONAL SEG is cut at the threshold, and the command says where.
 */
@CommandLine.Command(name = "convert",
        description = {"write the masks of a DICOM SEG as PNG files (one per segment per frame)", "",
            "Writes DIR/<segment-label>_<source-uid>_f<frame>.png for every frame of every segment (single-channel"
                + " 8-bit, 0 outside, 255 inside) and prints one line per file.",
            "BINARY, FRACTIONAL and LABELMAP SEGs are read. A FRACTIONAL SEG's masks hold the pixels at or above T"
                + " of its maximum (default 0.5); the cut is printed. A label map gives one mask per label.",
            "Example: proxyprompt convert --in results/IDRiD_01_seg.dcm --out masks/"})
public final class ConvertCommand extends CliCommand {

    private final SegReader reader;

    public ConvertCommand(SegReader reader) {
        this.reader = reader;
    }

    @Override
    CliCommand copy() {
        return new ConvertCommand(reader);
    }

    @Option(names = "--in", paramLabel = "SEG", required = true, description = "a DICOM Segmentation file")
    String in;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "where the PNG masks go")
    String dir;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.5",
            description = "for a FRACTIONAL SEG, the fraction (0 to 1) of its maximum at or above which a pixel is"
                    + " inside (default: ${DEFAULT-VALUE})")
    String threshold;

    @Override
    public Integer call() {
        double cut;
        try {
            cut = Double.parseDouble(threshold);
        } catch (NumberFormatException e) {
            cut = Double.NaN;
        }
        if (!(cut >= 0 && cut <= 1)) {
            err.println("proxyprompt convert: --threshold needs a fraction from 0 to 1, not '" + threshold + "'");
            return BAD_INPUT;
        }
        Path segFile = Path.of(in);
        if (!Files.isRegularFile(segFile)) {
            err.println("proxyprompt convert: " + in + (Files.isDirectory(segFile)
                    ? ": is a folder; give one SEG file" : ": no such file"));
            return BAD_INPUT;
        }
        SegDocument doc;
        try {
            doc = reader.read(segFile, cut);
        } catch (DicomParseException e) {
            err.println("proxyprompt convert: " + e.getMessage());
            return BAD_INPUT;
        }
        err.println("proxyprompt convert: " + segFile.getFileName() + ": " + doc.describe()
                + (doc.type() == SegDocument.Type.FRACTIONAL ? " (change the cut with --threshold)" : ""));
        Path outDir = Path.of(dir);
        Map<String, Integer> seen = new HashMap<>();
        try {
            Files.createDirectories(outDir);
            for (SegDocument.Frame f : doc.frames()) {
                String label = doc.segment(f.segmentNumber()).map(SegmentInfo::label).orElse("segment" + f.segmentNumber());
                String source = f.sourceSopInstanceUid() == null ? "unknown" : f.sourceSopInstanceUid();
                String base = safe(label) + "_" + safe(source) + "_f" + (f.sourceFrameIndex() + 1);
                int n = seen.merge(base, 1, Integer::sum);
                Path png = outDir.resolve(base + (n > 1 ? "_" + n : "") + ".png");
                MaskFiles.write(png, SegFrames.toMask(f.mask()), AtomicFiles.Existing.REPLACE);
                out.println(png);
            }
        } catch (IOException e) {
            err.println("proxyprompt convert: cannot write to " + outDir + " (" + e.getMessage() + ")");
            return BAD_INPUT;
        }
        return OK;
    }

    private static String safe(String s) {
        String r = s.replaceAll("[^A-Za-z0-9.-]+", "_");
        return r.isEmpty() ? "x" : r;
    }
}
