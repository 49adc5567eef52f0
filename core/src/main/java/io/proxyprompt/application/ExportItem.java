package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.mask.FieldOfView;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityReport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One target frame's results as they are to be exported: the frame (for measurements and DICOM references), one
 * mask per object in the support set's order, the decoder's confidence per object, the quality flags, and the
 * review state of the target.
 *
 * @param name         the target's unique output name
 * @param frame        0-based index of this frame in the target
 * @param frameCount   how many frames the target has (per-frame file names when more than one)
 * @param predictedIou the decoder's confidence per object, for model results (absent for drawn masks)
 * @param edited       objects whose masks were corrected by hand
 * @param reviewed     whether the target was marked reviewed
 * @param tidiedUnder  the anatomical rules the masks already obey, or null when not known (drawn or edited masks)
 * @param fieldOfView  the photograph's field of view when it was judged before, else null
 */
public record ExportItem(String name, int frame, int frameCount, Frame image, Map<String, Mask> masks,
                         Map<String, Float> predictedIou, QualityReport quality, Set<String> edited,
                         boolean reviewed, AnatomicalRules tidiedUnder, FieldOfView fieldOfView) {

    public ExportItem {
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        predictedIou = Map.copyOf(predictedIou);
        edited = Set.copyOf(edited);
    }

    /** Masks of which nothing more is known (the workstation's, perhaps edited by hand). */
    public ExportItem(String name, int frame, int frameCount, Frame image, Map<String, Mask> masks,
                      Map<String, Float> predictedIou, QualityReport quality, Set<String> edited, boolean reviewed) {
        this(name, frame, frameCount, image, masks, predictedIou, quality, edited, reviewed, null, null);
    }

    /** A model result as it came out of the batch (not edited, not reviewed). */
    public static ExportItem of(FrameOutcome.Segmented s) {
        Map<String, Float> iou = new LinkedHashMap<>();
        s.result().objects().forEach(o -> iou.put(o.name(), o.iou()));
        return new ExportItem(s.targetName(), s.key().frame(), s.frameCount(), s.image(), s.result().masks(), iou,
                s.quality(), Set.of(), false, s.tidiedUnder(), s.fieldOfView());
    }

    /** Whether every mask of the frame is empty. */
    public boolean allEmpty() {
        return masks.values().stream().allMatch(Mask::isEmpty);
    }
}
