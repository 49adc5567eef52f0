package io.proxyprompt.image;

import java.nio.file.Path;

/**
 * Where a frame came from, so results stay tied to their source.
 *
 * @param file            the file the frame was decoded from
 * @param sopInstanceUid  the DICOM SOP Instance UID, or {@code null} for a plain raster image
 * @param frameIndex      0-based frame number inside that file
 */
public record FrameOrigin(Path file, String sopInstanceUid, int frameIndex) {

    public boolean isDicom() {
        return sopInstanceUid != null;
    }
}
