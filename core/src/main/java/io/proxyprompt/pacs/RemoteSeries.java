package io.proxyprompt.pacs;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

/**
 * One series of a study on a PACS (a QIDO-RS series-level result row).
 *
 * @param instanceCount number of instances, or -1 when the server does not say
 */
public record RemoteSeries(String studyInstanceUid, String seriesInstanceUid, String modality, String seriesNumber,
                           String seriesDescription, int instanceCount) {

    static RemoteSeries of(String studyUid, DicomObject ds) {
        String uid = ds.getString(Tag.SeriesInstanceUID);
        if (uid == null) {
            throw new IllegalArgumentException("a series without a Series Instance UID");
        }
        return new RemoteSeries(ds.getString(Tag.StudyInstanceUID, studyUid), uid, ds.getString(Tag.Modality, ""),
                ds.getString(Tag.SeriesNumber, ""), ds.getString(Tag.SeriesDescription, ""),
                ds.getInt(Tag.NumberOfSeriesRelatedInstances, -1));
    }

    /** Modalities whose series hold no images to look at or segment. */
    private static final java.util.Set<String> NOT_IMAGES = java.util.Set.of("SEG", "SR", "PR", "KO", "RTSTRUCT",
            "RTPLAN", "RTDOSE", "DOC", "REG");

    /** Whether this series holds segmentations rather than images. */
    public boolean isSegmentation() {
        return modality.equals("SEG");
    }

    /** Whether this series holds images (not SEGs, reports, presentation states or RT objects). */
    public boolean holdsImages() {
        return !NOT_IMAGES.contains(modality);
    }
}
