package io.proxyprompt.dicom;

import java.util.List;
import java.util.Objects;

/**
 * One attribute: exactly one of {@code value} (bytes, binary numbers always little endian), {@code items}
 * (a sequence) or {@code fragments} (encapsulated pixel data: basic offset table first, then the fragments).
 */
public record DicomElement(int tag, VR vr, byte[] value, List<DicomObject> items, List<byte[]> fragments) {

    public DicomElement {
        Objects.requireNonNull(vr, "vr");
        int kinds = (value != null ? 1 : 0) + (items != null ? 1 : 0) + (fragments != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("An element holds exactly one of value, items or fragments");
        }
        if (items != null) {
            items = List.copyOf(items);
        }
        if (fragments != null) {
            fragments = List.copyOf(fragments);
        }
    }

    public static DicomElement ofBytes(int tag, VR vr, byte[] value) {
        return new DicomElement(tag, vr, value, null, null);
    }

    public static DicomElement ofItems(int tag, List<DicomObject> items) {
        return new DicomElement(tag, VR.SQ, null, items, null);
    }

    public static DicomElement ofFragments(int tag, VR vr, List<byte[]> fragments) {
        return new DicomElement(tag, vr, null, null, fragments);
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isEncapsulated() {
        return fragments != null;
    }

    @Override
    public String toString() {
        String what = items != null ? items.size() + " items" : fragments != null ? fragments.size() + " fragments"
                : value.length + " bytes";
        return Dictionary.format(tag) + " " + vr + " " + what;
    }
}
