package io.proxyprompt.batch;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.inference.ExecutionDevice;

import java.io.Serializable;
import java.util.Set;

/**
 * What every task of one run needs to know, serialised with the task (the support set travels separately, as a
 * broadcast).
 *
 * @param outDir      the output root (a file system every executor shares): masks in the {@code OutputLayout},
 *                    the table in {@value BatchJob#TABLE_DIR}
 * @param formats     PNG and/or SEG
 * @param threads     ONNX Runtime threads per run; 0: {@code spark.task.cpus}
 * @param commitEvery how many finished targets an executor gathers before it commits them as one table chunk
 */
record JobConfig(String runId, String outDir, Set<ExportFormat> formats, ExecutionDevice device, int threads,
                 int commitEvery, ModelShipment model, String supportHash)
        implements Serializable {

    JobConfig {
        formats = Set.copyOf(formats);
        if (commitEvery < 1) {
            throw new IllegalArgumentException("--commit-every must be 1 or more");
        }
    }
}
