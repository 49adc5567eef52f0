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
 * @param encodedDigest   SHA-256 of the encoded bytes the frame was decoded from and of the decoder that read them,
 *                        so that equal digests mean equal pixels; {@code null} when not known
 */
public record FrameOrigin(Path file, String sopInstanceUid, int frameIndex, DicomObject header,
                          String encodedDigest) {

    /** The origin of a raster image (no DICOM header, no digest). */
    public FrameOrigin(Path file, String sopInstanceUid, int frameIndex) {
        this(file, sopInstanceUid, frameIndex, null, null);
    }

    /** The origin of a DICOM frame (no digest: its pixels are hashed where a key is needed). */
    public FrameOrigin(Path file, String sopInstanceUid, int frameIndex, DicomObject header) {
        this(file, sopInstanceUid, frameIndex, header, null);
    }

    /** The origin of a raster image decoded from {@code encoded} by {@code decoder}. */
    public static FrameOrigin ofEncoded(Path file, byte[] encoded, String decoder) {
        java.security.MessageDigest md = io.proxyprompt.common.Sha256.digest();
        md.update(decoder.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(encoded);
        return new FrameOrigin(file, null, 0, null, io.proxyprompt.common.Sha256.hex(md));
    }

    public boolean isDicom() {
        return sopInstanceUid != null;
    }
}
