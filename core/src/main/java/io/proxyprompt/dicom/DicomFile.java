package io.proxyprompt.dicom;

import java.nio.file.Path;

/**
 * A parsed Part 10 file (or a bare data set).
 *
 * @param path              where it was read from
 * @param meta              the file meta information (group 0002), empty for a bare data set
 * @param dataset           the data set
 * @param transferSyntaxUid the syntax the data set was encoded in (unknown ones are parsed as Explicit VR LE)
 */
public record DicomFile(Path path, DicomObject meta, DicomObject dataset, String transferSyntaxUid) {

    /** The known syntax, or {@code null} when this codec does not know the UID. */
    public TransferSyntax transferSyntax() {
        return TransferSyntax.of(transferSyntaxUid);
    }

    public String sopClassUid() {
        return dataset.getString(Tag.SOPClassUID, meta.getString(Tag.MediaStorageSOPClassUID));
    }

    public String sopInstanceUid() {
        return dataset.getString(Tag.SOPInstanceUID, meta.getString(Tag.MediaStorageSOPInstanceUID));
    }
}
