package io.proxyprompt.batch.table;

import io.proxyprompt.application.MeasurementsCsv;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import java.util.OptionalDouble;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

/**
 * The Parquet schema of the result table and the mapping of a {@link ResultRow} onto it. The measurement columns
 * carry the names of the measurements CSV ({@link MeasurementsCsv#HEADER}); values are full doubles, not the CSV's
 * four decimals.
 */
public final class ResultSchema {

    public static final String TARGET_KEY = "target_key";
    public static final String STATUS = "status";
    public static final String MODEL_SHA256 = "model_sha256";
    public static final String SUPPORT_HASH = "support_hash";
    public static final String RUN_ID = "run_id";

    /** The table's columns, in order. */
    public static final MessageType TYPE = Types.buildMessage()
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(TARGET_KEY)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named("target")
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(STATUS)
            .optional(INT32).named("frame")
            .required(INT32).named("frames")
            .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("object")
            .optional(INT64).named("area_px")
            .optional(DOUBLE).named("area_mm2")
            .optional(DOUBLE).named("predicted_iou")
            .optional(DOUBLE).named("vertical_cdr")
            .optional(DOUBLE).named("horizontal_cdr")
            .optional(DOUBLE).named("rim_to_disc_area")
            .optional(DOUBLE).named("vessel_fraction_fov")
            .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("qc")
            .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("mask_file")
            .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("seg_file")
            .optional(BINARY).as(LogicalTypeAnnotation.stringType()).named("error")
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named("model_name")
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named("model_version")
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(MODEL_SHA256)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(SUPPORT_HASH)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named("device")
            .optional(DOUBLE).named("encoder_ms")
            .optional(DOUBLE).named("prompt_ms")
            .optional(DOUBLE).named("decoder_ms")
            .optional(DOUBLE).named("post_ms")
            .required(DOUBLE).named("target_ms")
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named(RUN_ID)
            .required(BINARY).as(LogicalTypeAnnotation.stringType()).named("executor")
            .required(INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
            .named("finished_at")
            .named("proxyprompt_result");

    private ResultSchema() {
    }

    /** The row as a Parquet record; absent values stay unset (null in the table). */
    static Group toGroup(ResultRow r, SimpleGroupFactory groups) {
        Group g = groups.newGroup();
        g.add(TARGET_KEY, r.targetKey());
        g.add("target", r.target());
        g.add(STATUS, r.status());
        g.add("frames", r.frames());
        MeasurementsCsv.Row m = r.measured();
        if (m != null) {
            g.add("frame", m.frame());
            g.add("object", m.object());
            g.add("area_px", m.areaPx());
            put(g, "area_mm2", m.areaMm2());
            put(g, "predicted_iou", m.predictedIou());
            put(g, "vertical_cdr", m.verticalCdr());
            put(g, "horizontal_cdr", m.horizontalCdr());
            put(g, "rim_to_disc_area", m.rimToDiscArea());
            put(g, "vessel_fraction_fov", m.vesselFractionFov());
            g.add("qc", m.qc());
        }
        putText(g, "mask_file", r.maskFile());
        putText(g, "seg_file", r.segFile());
        putText(g, "error", r.error());
        ResultRow.Provenance p = r.provenance();
        g.add("model_name", p.modelName());
        g.add("model_version", p.modelVersion());
        g.add(MODEL_SHA256, p.modelSha256());
        g.add(SUPPORT_HASH, p.supportHash());
        g.add("device", p.device());
        if (r.timing() != null) {
            g.add("encoder_ms", r.timing().encoderMs());
            g.add("prompt_ms", r.timing().promptMs());
            g.add("decoder_ms", r.timing().decoderMs());
            g.add("post_ms", r.timing().postMs());
        }
        g.add("target_ms", r.targetMs());
        g.add(RUN_ID, p.runId());
        g.add("executor", p.executor());
        g.add("finished_at", r.finishedAt());
        return g;
    }

    private static void put(Group g, String column, OptionalDouble v) {
        if (v.isPresent()) {
            g.add(column, v.getAsDouble());
        }
    }

    private static void putText(Group g, String column, String v) {
        if (v != null) {
            g.add(column, v);
        }
    }
}
