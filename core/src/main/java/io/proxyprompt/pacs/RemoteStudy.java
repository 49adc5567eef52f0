package io.proxyprompt.pacs;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

/**
 * One study found on a PACS (a QIDO-RS result row).
 *
 * @param studyDate  as stored (YYYYMMDD), or empty
 * @param modalities the modalities in the study, e.g. "CT\SEG", or empty
 */
public record RemoteStudy(String studyInstanceUid, String patientName, String patientId, String studyDate,
                          String studyDescription, String modalities, int seriesCount, int instanceCount) {

    /** Reads the row from its attributes; a row without a Study Instance UID is refused. */
    static RemoteStudy of(DicomObject ds) {
        String uid = ds.getString(Tag.StudyInstanceUID);
        if (uid == null) {
            throw new IllegalArgumentException("a study without a Study Instance UID");
        }
        return new RemoteStudy(uid, ds.getString(Tag.PatientName, ""), ds.getString(Tag.PatientID, ""),
                ds.getString(Tag.StudyDate, ""), ds.getString(Tag.StudyDescription, ""),
                String.join("\\", ds.getStrings(Tag.ModalitiesInStudy)), ds.getInt(Tag.NumberOfStudyRelatedSeries, -1),
                ds.getInt(Tag.NumberOfStudyRelatedInstances, -1));
    }
}
