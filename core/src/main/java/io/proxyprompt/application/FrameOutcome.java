package io.proxyprompt.application;

import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.image.Frame;
import io.proxyprompt.segment.SegmentationResult;

/** What the batch did with one target frame, reported as soon as that frame is done. */
public sealed interface FrameOutcome permits FrameOutcome.Segmented, FrameOutcome.Failed {

    /** The target's id. */
    String targetId();

    /** The target's output name. */
    String targetName();

    /**
     * The frame was segmented.
     *
     * @param frameCount how many frames the target has (to name per-frame files)
     * @param image      the frame that was segmented (for measurements and DICOM references)
     * @param quality    the quality checks of each object on this frame
     * @param tidiedUnder the anatomical rules the result's masks already obey (measuring need not apply them again)
     * @param fieldOfView the photograph's field of view when the batch judged it, else null
     */
    record Segmented(FrameKey key, String targetName, int frameCount, Frame image, SegmentationResult result,
                     QualityReport quality, AnatomicalRules tidiedUnder, FieldOfView fieldOfView)
            implements FrameOutcome {
        @Override
        public String targetId() {
            return key.targetId();
        }
    }

    /**
     * The target (every frame of it not yet reported) could not be segmented.
     *
     * @param message names the file and what to do
     */
    record Failed(String targetId, String targetName, String message) implements FrameOutcome {
    }
}
