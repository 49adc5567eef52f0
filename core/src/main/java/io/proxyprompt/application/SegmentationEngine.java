package io.proxyprompt.application;

import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.EvaluationReport;
import io.proxyprompt.segment.Evaluator;
import io.proxyprompt.segment.PairsFolder;
import io.proxyprompt.segment.SupportSet;

import java.util.List;
import java.util.function.Consumer;

/**
 * An opened model, as the front ends use it: what to show about it, the batch run and the evaluation. The
 * workstation calls it on its compute thread; tests substitute their own.
 */
public interface SegmentationEngine extends AutoCloseable {

    /** The device, model and availability for the status bar. */
    EngineStatus status();

    /** Runs the support set on the targets (see {@link BatchSegmentation}). */
    BatchSummary run(SupportSet support, List<BatchTarget> targets, ProgressListener progress,
                     CancellationToken cancel, Consumer<FrameOutcome> sink) throws Exception;

    /** Measures the model on annotated cases (random supports, repeated, seeded). */
    EvaluationReport evaluate(Images images, PairsFolder pairs, Evaluator.Plan plan, ProgressListener progress,
                              CancellationToken cancel) throws Exception;

    @Override
    default void close() {
    }
}
