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

/** {@code convert --in SEG --out DIR}: writes every segment of every SEG frame as a 0/255 PNG mask. */
@CommandLine.Command(name = "convert",
        description = {"write the masks of a DICOM SEG as PNG files (one per segment per frame)", "",
            "Writes DIR/<segment-label>_<source-uid>_f<frame>.png for every frame of every segment (single-channel"
                + " 8-bit, 0 outside, 255 inside) and prints one line per file.",
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

    @Override
    public Integer call() {
        Path segFile = Path.of(in);
        if (!Files.isRegularFile(segFile)) {
            err.println("proxyprompt convert: " + in + ": no such file");
            return BAD_INPUT;
        }
        SegDocument doc;
        try {
            doc = reader.read(segFile);
        } catch (DicomParseException e) {
            err.println("proxyprompt convert: " + e.getMessage());
            return BAD_INPUT;
        }
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
