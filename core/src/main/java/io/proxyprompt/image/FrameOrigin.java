package io.proxyprompt.image;

import io.proxyprompt.dicom.DicomObject;

import java.nio.file.Path;

/**
 * Where a frame came from, so results stay tied to their source.
 *
 * @param file            the file the frame was decoded from
 * @param sopInstanceUid  the DICOM SOP Instance UID, or {@code null} for a plain raster image
 * @param frameIndex      0-based frame number inside that file
 * @param header          the DICOM data set without its pixel data, as read when the frame was opened (so a SEG
 *                        or a measurement never re-reads the source), or {@code null} for a raster image
 */
public record FrameOrigin(Path file, String sopInstanceUid, int frameIndex, DicomObject header) {

    /** The origin of a raster image (no DICOM header). */
    public FrameOrigin(Path file, String sopInstanceUid, int frameIndex) {
        this(file, sopInstanceUid, frameIndex, null);
    }

    public boolean isDicom() {
        return sopInstanceUid != null;
    }
}
