package io.proxyprompt.segment;

import java.util.List;

/**
 * What a batch produced: every target that was reached, succeeded or failed, in order.
 *
 * @param outcomes  one per target reached
 * @param cancelled whether the batch stopped early on request (targets after the last outcome were not run)
 */
public record BatchResult(List<Outcome> outcomes, boolean cancelled) {

    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }

    public List<Success> successes() {
        return outcomes.stream().filter(Success.class::isInstance).map(Success.class::cast).toList();
    }

    public List<Failure> failures() {
        return outcomes.stream().filter(Failure.class::isInstance).map(Failure.class::cast).toList();
    }

    /** One target's outcome. */
    public sealed interface Outcome permits Success, Failure {
        String target();
    }

    /** The target's frames were segmented. */
    public record Success(String target, List<SegmentationResult> frames) implements Outcome {
        public Success {
            frames = List.copyOf(frames);
        }
    }

    /** The target failed; {@code message} names the file and what is wrong. */
    public record Failure(String target, String message) implements Outcome { }
}
