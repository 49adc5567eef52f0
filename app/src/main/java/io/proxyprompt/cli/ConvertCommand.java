package io.proxyprompt.cli;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegmentInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code convert --in SEG --out DIR [--threshold T]}: writes every segment of every SEG frame as a 0/255 PNG mask;
 * a FRACTIONAL SEG is cut at the threshold, and the command says where.
 */
public final class ConvertCommand implements Command {

    private final SegReader reader;

    public ConvertCommand(SegReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "write the masks of a DICOM SEG as PNG files (one per segment per frame)";
    }

    @Override
    public String usage() {
        return """
                Usage: proxyprompt convert --in SEG --out DIR [--threshold T]
                  Writes DIR/<segment-label>_<source-uid>_f<frame>.png for every frame of every segment
                  (single-channel 8-bit, 0 outside, 255 inside) and prints one line per file.
                  BINARY, FRACTIONAL and LABELMAP SEGs are read. A FRACTIONAL SEG's masks hold the pixels at or
                  above T of its maximum (default 0.5); the cut is printed. A label map gives one mask per label.
                Example: proxyprompt convert --in results/IDRiD_01_seg.dcm --out masks/
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String in = null;
        String dir = null;
        double threshold = SegReader.DEFAULT_THRESHOLD;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--in") || a.equals("--out") || a.equals("--threshold")) && i + 1 < args.size()) {
                String v = args.get(++i);
                if (a.equals("--in")) {
                    in = v;
                } else if (a.equals("--out")) {
                    dir = v;
                } else {
                    try {
                        threshold = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        threshold = Double.NaN;
                    }
                    if (!(threshold >= 0 && threshold <= 1)) {
                        err.println("proxyprompt convert: --threshold needs a fraction from 0 to 1, not '" + v + "'");
                        return BAD_INPUT;
                    }
                }
            } else {
                err.println("proxyprompt convert: unexpected argument '" + a + "' (try --help)");
                return BAD_INPUT;
            }
        }
        if (in == null || dir == null) {
            err.println("proxyprompt convert: both --in SEG and --out DIR are needed (try --help)");
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
            doc = reader.read(segFile, threshold);
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
