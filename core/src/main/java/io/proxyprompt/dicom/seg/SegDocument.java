package io.proxyprompt.dicom.seg;


import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A SEG read back: its kind, its segments and every frame mapped onto its source image.
 *
 * @param type       BINARY, FRACTIONAL or LABELMAP
 * @param fractional for FRACTIONAL SEGs, how the stored fractions became the masks; null otherwise
 * @param frames     one entry per segment per SEG frame, in stored order
 */
public record SegDocument(String sopInstanceUid, String seriesInstanceUid, String studyInstanceUid, int rows,
                          int columns, Type type, Fractional fractional, List<SegmentInfo> segments,
                          List<Frame> frames) {

    /** Segmentation Type (PS3.3 C.8.20.2), with the label-map kind of Label Map Segmentation Storage. */
    public enum Type { BINARY, FRACTIONAL, LABELMAP }

    public SegDocument {
        segments = List.copyOf(segments);
        frames = List.copyOf(frames);
        if ((type == Type.FRACTIONAL) != (fractional != null)) {
            throw new IllegalArgumentException("Fractional details belong to FRACTIONAL SEGs only");
        }
    }

    /**
     * How a FRACTIONAL SEG was turned into masks: a pixel is inside when its fraction is above zero and at least
     * {@code threshold} of {@code maximum}.
     *
     * @param fractionalType PROBABILITY or OCCUPANCY
     * @param maximum        Maximum Fractional Value (the stored value of 100 %)
     * @param threshold      fraction of the maximum, 0..1
     */
    public record Fractional(String fractionalType, int maximum, double threshold) {

        /** The smallest stored value that counts as inside. */
        public int minimumInside() {
            return Math.max(1, (int) Math.ceil(threshold * maximum - 1e-9));
        }

        /** A sentence for the user, e.g. "FRACTIONAL (PROBABILITY) SEG: masks are the pixels at or above 50 %...". */
        public String describe() {
            return String.format(Locale.ROOT, "FRACTIONAL (%s) SEG: a mask holds the pixels at or above %s %% (stored"
                    + " value %d or more of %d)", fractionalType, percent(threshold), minimumInside(), maximum);
        }

        private static String percent(double t) {
            double p = t * 100;
            return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p);
        }
    }

    /**
     * One segment on one SEG frame: which segment, which source frame it lies on ({@code sourceSopInstanceUid} may
     * be null when the SEG does not say), the mask and, for FRACTIONAL SEGs, the stored fractions.
     *
     * @param sourceFrameIndex 0-based frame inside the source instance
     * @param fractions        one stored value (0..maximum) per pixel for FRACTIONAL SEGs, else null
     */
    public record Frame(int segmentNumber, String sourceSopInstanceUid, int sourceFrameIndex, BinaryFrame mask,
                        byte[] fractions) {

        public Frame(int segmentNumber, String sourceSopInstanceUid, int sourceFrameIndex, BinaryFrame mask) {
            this(segmentNumber, sourceSopInstanceUid, sourceFrameIndex, mask, null);
        }
    }

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

    /** One line on what the masks are, e.g. "BINARY SEG, 3 segments, 12 frames" or the fractional threshold. */
    public String describe() {
        String kind = switch (type) {
            case BINARY -> "BINARY SEG";
            case LABELMAP -> "LABELMAP SEG (one label per pixel)";
            case FRACTIONAL -> fractional.describe();
        };
        return kind + "; " + segments.size() + " segment(s), " + frames.size() + " mask(s)";
    }
}
