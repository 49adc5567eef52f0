package io.proxyprompt.application;

/** What an export writes. */
public enum ExportFormat {
    /** One 0/255 PNG per object and frame. */
    PNG,
    /** One label-map PNG per support set and frame (see {@link OutputLayout}). */
    LABEL_MAP,
    /** {@code measurements.csv}. */
    CSV,
    /** One DICOM Segmentation per source series of a DICOM target. */
    SEG
}
