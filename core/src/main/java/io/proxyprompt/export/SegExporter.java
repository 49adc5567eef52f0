package io.proxyprompt.export;

import io.proxyprompt.inference.ModelSpec;
import io.proxyprompt.segment.BatchResult;
import io.proxyprompt.segment.SupportSet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam where DICOM SEG export plugs into {@code segment --format seg|both}: the DICOM package provides the
 * implementation and the application wires it in {@code Main.commands()}; without one, the command says that DICOM
 * SEG export is not available in this build.
 */
public interface SegExporter {

    /**
     * Writes one DICOM Segmentation object for a segmented target under {@code outDir/<target>/}.
     *
     * @param model     the model that produced the masks (named in the SEG as the segmentation algorithm)
     * @param overwrite whether existing files may be replaced
     * @throws IOException with a message naming the file when the target cannot be exported
     */
    void export(SupportSet support, BatchResult.Success target, ModelSpec model, Path outDir, boolean overwrite)
            throws IOException;
}
