package io.proxyprompt.dicom.seg;

import java.util.Objects;

/**
 * What one segment is: number, label, coded category and type, the algorithm that made it and its colour.
 *
 * @param algorithmType  AUTOMATIC for model output, SEMIAUTOMATIC once edited by hand, MANUAL when drawn
 * @param algorithmName  model name and version, e.g. "proxyprompt-small 1.0" ({@code null} for MANUAL)
 * @param rgb            recommended display colour (0..255 each), stored as CIELab
 */
public record SegmentInfo(int number, String label, String description, Code category, Code type,
                          AlgorithmType algorithmType, String algorithmName, int[] rgb) {

    /** PS3.3 C.8.20.2 Segment Algorithm Type. */
    public enum AlgorithmType { AUTOMATIC, SEMIAUTOMATIC, MANUAL }

    public SegmentInfo {
        if (number < 1 || number > 0xFFFF) {
            throw new IllegalArgumentException("Segment numbers start at 1: " + number);
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(algorithmType, "algorithmType");
        if (algorithmType != AlgorithmType.MANUAL && (algorithmName == null || algorithmName.isBlank())) {
            throw new IllegalArgumentException("AUTOMATIC and SEMIAUTOMATIC segments need the algorithm name");
        }
        rgb = rgb == null ? new int[] {255, 255, 0} : rgb.clone();
    }
}
