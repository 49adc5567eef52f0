package io.proxyprompt.image;

import java.nio.file.Path;
import java.util.List;

/**
 * An opened target or support: one photograph, one multi-frame DICOM object, or one sorted DICOM series.
 *
 * @param name   what the user sees (file stem or series description)
 * @param source the file or folder that was opened
 * @param frames the frames in display order (a series is sorted along its normal)
 * @param kind   what sort of source it is; DICOM headers are re-read from each frame's origin when needed
 */
public record ImageStack(String name, Path source, List<Frame> frames, Kind kind) {

    public ImageStack {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("No frames in " + source);
        }
    }

    public Frame frame(int index) {
        return frames.get(index);
    }

    public int frameCount() {
        return frames.size();
    }

    /** The kinds of source the workstation opens. */
    public enum Kind { PHOTO, DICOM }
}
