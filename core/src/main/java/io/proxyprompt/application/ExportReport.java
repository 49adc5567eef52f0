package io.proxyprompt.application;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export wrote, and what it did not with why (a photograph has no DICOM SEG, a target whose masks are all
 * empty, a file that existed).
 */
public record ExportReport(List<Path> written, List<String> warnings) {

    public ExportReport {
        written = List.copyOf(written);
        warnings = List.copyOf(warnings);
    }
}
