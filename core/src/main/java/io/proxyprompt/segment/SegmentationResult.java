package io.proxyprompt.segment;

import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.mask.Mask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The masks for one target frame, one per support object, at the frame's original size.
 *
 * @param target  the target's name (file stem, or stem + frame for multi-frame sources)
 * @param origin  where the frame came from (null for in-memory frames)
 * @param objects per object, in the support set's order
 * @param timings where the time went
 */
public record SegmentationResult(String target, FrameOrigin origin, List<ObjectResult> objects, Timings timings) {

    public SegmentationResult {
        objects = List.copyOf(objects);
    }

    /** Object name -> mask, in order. */
    public Map<String, Mask> masks() {
        Map<String, Mask> m = new LinkedHashMap<>();
        for (ObjectResult o : objects) {
            m.put(o.name(), o.mask());
        }
        return m;
    }

    public Mask mask(String object) {
        return objects.stream().filter(o -> o.name().equals(object)).findFirst()
                .map(ObjectResult::mask).orElseThrow(() -> new IllegalArgumentException("no object " + object));
    }

    /**
     * One object's result.
     *
     * @param iou            the decoder's predicted IoU (a confidence, not a measurement)
     * @param clippedOutside pixels the model put outside the object's container (cup outside the disc) that the
     *                       clean-up removed; a large share means the model's output was implausible
     */
    public record ObjectResult(String name, Mask mask, float iou, long clippedOutside) {

        /** A result that no clean-up clipped. */
        public ObjectResult(String name, Mask mask, float iou) {
            this(name, mask, iou, 0);
        }
    }

    /**
     * Milliseconds per stage for this target.
     *
     * @param preprocessMs rendering, hashing and fitting the frame into the model input
     * @param encoderMs  image encoder (0 when the embedding came from the cache)
     * @param supportMs  support encoder (0 when cached for this support set)
     * @param promptMs   prompt generator
     * @param decoderMs  mask decoder
     * @param postMs     upsampling, thresholding and clean-up
     * @param cachedEmbedding whether the target's embedding was reused
     */
    public record Timings(double preprocessMs, double encoderMs, double supportMs, double promptMs,
                          double decoderMs, double postMs, boolean cachedEmbedding) {
        public double totalMs() {
            return preprocessMs + encoderMs + supportMs + promptMs + decoderMs + postMs;
        }

        /** These timings with the post-processing time set. */
        public Timings withPostMs(double ms) {
            return new Timings(preprocessMs, encoderMs, supportMs, promptMs, decoderMs, ms, cachedEmbedding);
        }
    }
}
