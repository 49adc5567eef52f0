package io.proxyprompt.ui.tasks;

import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The UI's seam to the few-shot segmentation engine: one support set run on many target frames. Implementations
 * run on the compute thread; {@code onTarget} is called on that thread as each target finishes.
 */
public interface SegmentationService extends AutoCloseable {

    /** The device, model and availability for the status bar. */
    EngineStatus status();

    /** A support image (one frame) with one mask per object name. */
    record SupportImage(ImageStack stack, int frame, Map<String, Mask> masks) {
    }

    /** One target frame to segment; {@code id} comes back in its outcome. */
    record TargetFrame(String id, ImageStack stack, int frame) {
    }

    /** What happened to one target frame. */
    sealed interface Outcome permits Segmented, Failed {
        String id();
    }

    /** Masks at the target's size, keyed by object name, and the time the target took. */
    record Segmented(String id, int frame, Map<String, Mask> masks, long millis) implements Outcome {
    }

    /** A target that could not be segmented; {@code message} names the file and what to do. */
    record Failed(String id, String message) implements Outcome {
    }

    /** Runs the support set on the targets; failures of single targets are reported, not thrown. */
    void run(List<String> objects, List<SupportImage> support, List<TargetFrame> targets, ProgressListener progress,
             CancellationToken cancel, Consumer<Outcome> onTarget) throws Exception;

    /**
     * Measures the engine on annotated cases with {@link io.proxyprompt.segment.Evaluator} (random supports,
     * repeated, seeded); runs on the compute thread and stops on {@code cancel}.
     */
    io.proxyprompt.segment.EvaluationReport evaluate(io.proxyprompt.image.Images images,
                                                     io.proxyprompt.segment.PairsFolder pairs,
                                                     io.proxyprompt.segment.Evaluator.Plan plan,
                                                     ProgressListener progress, CancellationToken cancel)
            throws Exception;

    @Override
    default void close() {
    }
}
