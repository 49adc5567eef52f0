package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

/** A coded concept (PS3.3 Code Sequence Macro): value, coding scheme designator and meaning. */
public record Code(String value, String scheme, String meaning) {

    /** The Code Sequence item for this concept. */
    public DicomObject toItem() {
        return new DicomObject().setString(Tag.CodeValue, value).setString(Tag.CodingSchemeDesignator, scheme)
                .setString(Tag.CodeMeaning, meaning);
    }

    /** Reads a Code Sequence item ({@code null} when absent). */
    public static Code of(DicomObject item) {
        if (item == null) {
            return null;
        }
        return new Code(item.getString(Tag.CodeValue, ""), item.getString(Tag.CodingSchemeDesignator, ""),
                item.getString(Tag.CodeMeaning, ""));
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
