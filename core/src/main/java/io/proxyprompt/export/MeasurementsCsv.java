package io.proxyprompt.export;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.segment.SegmentationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The measurements table: one row per target and object with its area in pixels, plus the vertical cup-to-disc
 * ratio on rows of targets that have both disc and cup.
 */
public final class MeasurementsCsv {

    /** The header line. */
    public static final String HEADER = "target,object,area_px,predicted_iou,vertical_cdr";

    private MeasurementsCsv() {
    }

    /** The CSV text for the results (RFC 4180 quoting for names). */
    public static String format(List<SegmentationResult> results) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (SegmentationResult r : results) {
            Map<String, Mask> masks = r.masks();
            String cdr = "";
            if (masks.containsKey("disc") && masks.containsKey("cup")) {
                OptionalDouble v = MaskMetrics.verticalCupToDisc(masks.get("cup"), masks.get("disc"));
                cdr = v.isPresent() ? String.format(Locale.ROOT, "%.4f", v.getAsDouble()) : "";
            }
            for (SegmentationResult.ObjectResult o : r.objects()) {
                sb.append(quote(r.target())).append(',').append(quote(o.name())).append(',')
                        .append(o.mask().area()).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", o.iou())).append(',')
                        .append(cdr).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes the table atomically. */
    public static void write(List<SegmentationResult> results, Path file, boolean overwrite) throws IOException {
        AtomicFiles.write(file, format(results).getBytes(StandardCharsets.UTF_8), overwrite);
    }

    /** Quotes a CSV field when it holds a comma, quote or line break. */
    public static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
