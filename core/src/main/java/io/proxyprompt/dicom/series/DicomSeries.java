package io.proxyprompt.dicom.series;

import java.nio.file.Path;
import java.util.List;

/**
 * One series found in a folder, its frames in display order (sorted along the slice normal when the geometry
 * is known, else by Instance Number; the frames of a multi-frame object stay in their stored order).
 *
 * @param description Series Description, or the modality and series number when there is none
 */
public record DicomSeries(String seriesInstanceUid, String description, String modality, List<FrameRef> frames) {

    public DicomSeries {
        frames = List.copyOf(frames);
    }

    /** One frame of one file of the series. */
    public record FrameRef(Path file, String sopInstanceUid, int frameIndex) { }
}
