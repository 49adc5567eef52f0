package io.proxyprompt.pacs;

import java.nio.file.Path;
import java.util.List;

/**
 * A series fetched from a PACS into the local cache: one DICOM file per instance, named by its SOP Instance UID,
 * in {@code folder} (which holds nothing else, so it opens as a series).
 */
public record RetrievedSeries(String studyInstanceUid, String seriesInstanceUid, Path folder, List<Path> files) {

    public RetrievedSeries {
        files = List.copyOf(files);
    }
}
