package io.proxyprompt.dicom.seg;


import java.util.List;
import java.util.Optional;

/**
 * A SEG read back: its segments and every frame mapped onto its source image.
 *
 * @param frames one entry per SEG frame, in stored order
 */
public record SegDocument(String sopInstanceUid, String seriesInstanceUid, String studyInstanceUid, int rows,
                          int columns, List<SegmentInfo> segments, List<Frame> frames) {

    public SegDocument {
        segments = List.copyOf(segments);
        frames = List.copyOf(frames);
    }

    /**
     * One SEG frame: which segment, which source frame it lies on ({@code sourceSopInstanceUid} may be null when
     * the SEG does not say), and the mask.
     *
     * @param sourceFrameIndex 0-based frame inside the source instance
     */
    public record Frame(int segmentNumber, String sourceSopInstanceUid, int sourceFrameIndex, BinaryFrame mask) { }

    public Optional<SegmentInfo> segment(int number) {
        return segments.stream().filter(s -> s.number() == number).findFirst();
    }

    /** The mask of a segment on one source frame, or empty when the segment is absent there. */
    public Optional<BinaryFrame> mask(int segmentNumber, String sourceSopInstanceUid, int sourceFrameIndex) {
        return frames.stream().filter(f -> f.segmentNumber() == segmentNumber
                        && sourceSopInstanceUid.equals(f.sourceSopInstanceUid())
                        && f.sourceFrameIndex() == sourceFrameIndex)
                .map(Frame::mask).findFirst();
    }
}
