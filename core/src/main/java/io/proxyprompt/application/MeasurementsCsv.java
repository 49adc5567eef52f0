package io.proxyprompt.application;

import io.proxyprompt.quality.QualityReport;

import java.util.ArrayList;
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

    /**
     * One row of the table, typed (the batch job stores these in Parquet; this class writes them as CSV).
     *
     * @param frame        1-based frame number
     * @param predictedIou the decoder's confidence; absent for an edited mask or a drawn one
     * @param verticalCdr  on the disc and cup rows only (likewise the horizontal ratio and the rim-to-disc area)
     * @param vesselFractionFov on the vessel row only
     * @param qc           the object's quality flag codes joined by ';' (empty when clean)
     */
    public record Row(String target, int frame, String object, long areaPx, OptionalDouble areaMm2,
                      OptionalDouble predictedIou, OptionalDouble verticalCdr, OptionalDouble horizontalCdr,
                      OptionalDouble rimToDiscArea, OptionalDouble vesselFractionFov, String qc,
                      boolean editedByHand, boolean reviewed) {
    }

    /** The rows of one frame, one per object in the order given. */
    public static List<Row> rows(ExportItem item, Measurements m) {
        QualityReport q = item.quality();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, io.proxyprompt.mask.Mask> e : item.masks().entrySet()) {
            String object = e.getKey();
            long area = e.getValue().area();
            boolean edited = item.edited().contains(object);
            Float iou = item.predictedIou().get(object);
            boolean pair = object.equals("disc") || object.equals("cup");
            OptionalDouble none = OptionalDouble.empty();
            rows.add(new Row(item.name(), item.frame() + 1, object, area, m.mm2(area),
                    iou == null || edited ? none : OptionalDouble.of(iou),
                    pair ? m.verticalCdr() : none, pair ? m.horizontalCdr() : none, pair ? m.rimToDiscArea() : none,
                    object.equals("vessel") ? m.vesselFraction() : none, q.codes(object), edited, item.reviewed()));
        }
        return rows;
    }

    /** Adds the rows of one frame (objects in the order given). */
    public void add(ExportItem item, Measurements m) {
        for (Row r : rows(item, m)) {
            text.append(quote(r.target())).append(',').append(r.frame()).append(',').append(quote(r.object()))
                    .append(',').append(r.areaPx())
                    .append(',').append(number(r.areaMm2(), "%.4f"))
                    .append(',').append(number(r.predictedIou(), "%.4f"))
                    .append(',').append(number(r.verticalCdr(), "%.4f"))
                    .append(',').append(number(r.horizontalCdr(), "%.4f"))
                    .append(',').append(number(r.rimToDiscArea(), "%.4f"))
                    .append(',').append(number(r.vesselFractionFov(), "%.4f"))
                    .append(',').append(r.qc())
                    .append(',').append(r.editedByHand())
                    .append(',').append(r.reviewed())
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
