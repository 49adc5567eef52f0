package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.Images;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.Click;
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

    /** Why this engine cannot redraw masks from clicks (a model without the click path), or null when it can. */
    default String clicksUnavailable() {
        return "this engine does not refine masks with clicks";
    }

    /**
     * One object of one frame redrawn from clicks on it (issue 21): only the mask decoder runs, on the cached
     * embedding and proxy prompt. {@code current} holds the frame's other masks by object (the cup is kept inside
     * the disc); zero clicks give the automatic result.
     *
     * @throws IllegalStateException clicks are unavailable ({@link #clicksUnavailable()})
     */
    default Mask refine(SupportSet support, Frame target, String object, List<Click> clicks,
                        java.util.Map<String, Mask> current, CancellationToken cancel) throws Exception {
        throw new IllegalStateException(clicksUnavailable());
    }

    @Override
    default void close() {
    }
}
