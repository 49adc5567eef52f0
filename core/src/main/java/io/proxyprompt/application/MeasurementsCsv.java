package io.proxyprompt.application;

import io.proxyprompt.quality.QualityReport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The one measurements table of the workstation and the command line: a row per target, frame and object with its
 * area (px, and mm² where the pixel size is known), the decoder's confidence for an unedited model result, the
 * cup-to-disc ratios on the disc and cup rows, the vessel fraction on the vessel row, the quality flags, and
 * whether the mask was corrected by hand and the target marked reviewed.
 */
public final class MeasurementsCsv {

    /** The header line. */
    public static final String HEADER = "target,frame,object,area_px,area_mm2,predicted_iou,vertical_cdr,"
            + "horizontal_cdr,rim_to_disc_area,vessel_fraction_fov,qc,edited_by_hand,reviewed";

    private final StringBuilder text = new StringBuilder(HEADER).append('\n');

    /** Adds the rows of one frame (objects in the order given). */
    public void add(ExportItem item, Measurements m) {
        QualityReport q = item.quality();
        for (Map.Entry<String, io.proxyprompt.mask.Mask> e : item.masks().entrySet()) {
            String object = e.getKey();
            long area = e.getValue().area();
            boolean edited = item.edited().contains(object);
            Float iou = item.predictedIou().get(object);
            boolean pair = object.equals("disc") || object.equals("cup");
            text.append(quote(item.name())).append(',').append(item.frame() + 1).append(',').append(quote(object))
                    .append(',').append(area)
                    .append(',').append(number(m.mm2(area), "%.4f"))
                    .append(',').append(iou == null || edited ? "" : String.format(Locale.ROOT, "%.4f", iou))
                    .append(',').append(pair ? number(m.verticalCdr(), "%.4f") : "")
                    .append(',').append(pair ? number(m.horizontalCdr(), "%.4f") : "")
                    .append(',').append(pair ? number(m.rimToDiscArea(), "%.4f") : "")
                    .append(',').append(object.equals("vessel") ? number(m.vesselFraction(), "%.4f") : "")
                    .append(',').append(q.codes(object))
                    .append(',').append(edited)
                    .append(',').append(item.reviewed())
                    .append('\n');
        }
    }

    /** The table so far. */
    public String text() {
        return text.toString();
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return text.length() == HEADER.length() + 1;
    }

    private static String number(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "";
    }

    /** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
    public static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** The rows of a finished table without the header (for tests and summaries). */
    static List<String> rows(String table) {
        return table.lines().skip(1).toList();
    }
}
