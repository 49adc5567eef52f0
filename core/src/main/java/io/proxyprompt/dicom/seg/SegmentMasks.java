package io.proxyprompt.dicom.seg;


import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The masks of one segment, one per source frame in the same order as the sources (null or empty: the segment
 * is absent from that frame, and no SEG frame is written for it).
 */
public record SegmentMasks(SegmentInfo info, List<BinaryFrame> masks) {

    public SegmentMasks {
        masks = Collections.unmodifiableList(new ArrayList<>(masks));
    }
}
