package io.proxyprompt.batch.table;

import io.proxyprompt.application.MeasurementsCsv;

import java.io.Serializable;
import java.util.Objects;

/**
 * One row of the result table: a target's measurements of one object on one frame, or, for a target that could not
 * be read or segmented, one row with the error and no measurements.
 *
 * @param targetKey  the target as the input named it (absolute path or URI): the key a re-run skips by
 * @param target     the target's output name (its folder under the output root)
 * @param frames     how many frames the target has (0 when it could not be read)
 * @param measured   the measurements row of the one CSV schema; null on an error row
 * @param maskFile   the object's PNG mask, relative to the output root (null when PNGs were not asked for)
 * @param segFile    the target's DICOM SEG, relative to the output root (null when none was written)
 * @param error      what went wrong, naming the file and what to do; null when segmented
 * @param timing     per-frame stage times; null on an error row
 * @param targetMs   wall time the executor spent on the whole target (decode wait, graphs, files)
 * @param finishedAt when the target was finished, epoch milliseconds
 */
public record ResultRow(String targetKey, String target, int frames, MeasurementsCsv.Row measured, String maskFile,
                        String segFile, String error, FrameTiming timing, double targetMs, Provenance provenance,
                        long finishedAt) implements Serializable {

    /** Per-frame milliseconds of the graphs and the post-processing, as the segmenter measured them. */
    public record FrameTiming(double encoderMs, double promptMs, double decoderMs, double postMs)
            implements Serializable {
    }

    /**
     * What made the row: the model (name, version and the sha256 of its model.json, which pins every graph's
     * sha256), the support set (a hash of its pixels, masks and object names), the device, the run and the executor.
     */
    public record Provenance(String modelName, String modelVersion, String modelSha256, String supportHash,
                             String device, String runId, String executor) implements Serializable {
        public Provenance {
            Objects.requireNonNull(modelSha256);
            Objects.requireNonNull(supportHash);
            Objects.requireNonNull(runId);
        }
    }

    public ResultRow {
        Objects.requireNonNull(targetKey);
        Objects.requireNonNull(target);
        Objects.requireNonNull(provenance);
        if ((measured == null) == (error == null)) {
            throw new IllegalArgumentException("a row holds either measurements or an error");
        }
    }

    /** The row of a target that failed. */
    public static ResultRow failed(String targetKey, String target, int frames, String error, double targetMs,
                                   Provenance provenance, long finishedAt) {
        return new ResultRow(targetKey, target, frames, null, null, null, error, null, targetMs, provenance,
                finishedAt);
    }

    /** "segmented" or "failed", the table's status column. */
    public String status() {
        return error == null ? "segmented" : "failed";
    }
}
