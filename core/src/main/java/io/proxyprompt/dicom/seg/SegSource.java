package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

import java.util.Objects;

/**
 * One source frame a segmentation was made on: the header of its DICOM instance (pixel data not needed) and
 * the 0-based frame index inside it.
 */
public record SegSource(DicomObject header, int frameIndex) {

    public SegSource {
        Objects.requireNonNull(header, "header");
        if (header.getString(Tag.SOPInstanceUID) == null || header.getString(Tag.SOPClassUID) == null) {
            throw new IllegalArgumentException("A SEG source needs SOP Class and Instance UIDs");
        }
    }

    public String sopInstanceUid() {
        return header.getString(Tag.SOPInstanceUID);
    }

    public String sopClassUid() {
        return header.getString(Tag.SOPClassUID);
    }

    public boolean multiFrame() {
        return header.getInt(Tag.NumberOfFrames, 1) > 1;
    }

    /** Image Position (Patient) of this frame: per-frame functional group, else the top-level value; null if none. */
    public double[] position() {
        var perFrame = header.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        if (frameIndex < perFrame.size()) {
            DicomObject plane = perFrame.get(frameIndex).getItem(Tag.PlanePositionSequence);
            if (plane != null && plane.getDoubles(Tag.ImagePositionPatient).length == 3) {
                return plane.getDoubles(Tag.ImagePositionPatient);
            }
        }
        double[] p = header.getDoubles(Tag.ImagePositionPatient);
        return p.length == 3 ? p : null;
    }

    /** Image Orientation (Patient): shared functional group, else top level; null if none. */
    public double[] orientation() {
        DicomObject shared = header.getItem(Tag.SharedFunctionalGroupsSequence);
        if (shared != null && shared.getItem(Tag.PlaneOrientationSequence) != null) {
            double[] o = shared.getItem(Tag.PlaneOrientationSequence).getDoubles(Tag.ImageOrientationPatient);
            if (o.length == 6) {
                return o;
            }
        }
        double[] o = header.getDoubles(Tag.ImageOrientationPatient);
        return o.length == 6 ? o : null;
    }

    /** Pixel Spacing: shared functional group, else top level; null if none. */
    public double[] pixelSpacing() {
        DicomObject shared = header.getItem(Tag.SharedFunctionalGroupsSequence);
        if (shared != null && shared.getItem(Tag.PixelMeasuresSequence) != null) {
            double[] s = shared.getItem(Tag.PixelMeasuresSequence).getDoubles(Tag.PixelSpacing);
            if (s.length == 2) {
                return s;
            }
        }
        double[] s = header.getDoubles(Tag.PixelSpacing);
        return s.length == 2 ? s : null;
    }

    /** Slice Thickness, or NaN. */
    public double sliceThickness() {
        DicomObject shared = header.getItem(Tag.SharedFunctionalGroupsSequence);
        if (shared != null && shared.getItem(Tag.PixelMeasuresSequence) != null) {
            double t = shared.getItem(Tag.PixelMeasuresSequence).getDouble(Tag.SliceThickness, Double.NaN);
            if (!Double.isNaN(t)) {
                return t;
            }
        }
        return header.getDouble(Tag.SliceThickness, Double.NaN);
    }
}
