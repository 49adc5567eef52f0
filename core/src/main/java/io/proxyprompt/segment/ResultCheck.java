package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;

import java.util.List;
import java.util.Map;

/**
 * Says which of a result's objects look implausible and why, so that an evaluation can count how many of the
 * model's failures such checks catch (the quality package provides the real one; segment cannot see it).
 */
@FunctionalInterface
public interface ResultCheck {

    /** Flags nothing. */
    ResultCheck NONE = (result, image, support) -> Map.of();

    /** Per object of {@code result}, the codes of its flags (objects without a flag may be absent). */
    Map<String, List<String>> flags(SegmentationResult result, Frame image, SupportSet support);
}
