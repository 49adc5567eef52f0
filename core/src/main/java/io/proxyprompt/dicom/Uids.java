package io.proxyprompt.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Makes new DICOM UIDs from random UUIDs under the {@code 2.25} root (PS3.5 B.2), so no registered root is needed. */
public final class Uids {

    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String LABEL_MAP_SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.7";
    public static final String VL_PHOTOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.4";

    private Uids() {
    }

    /** True for the segmentation SOP classes (binary/fractional SEG and label-map SEG): masks, not images. */
    public static boolean isSegmentation(String sopClassUid) {
        return SEGMENTATION_STORAGE.equals(sopClassUid) || LABEL_MAP_SEGMENTATION_STORAGE.equals(sopClassUid);
    }

    /** A fresh, globally unique UID. */
    public static String create() {
        UUID u = UUID.randomUUID();
        byte[] b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, b);
    }

    /** True when {@code uid} is syntactically a UID (digits and dots, no leading zeros, at most 64 characters). */
    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= 64 && uid.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    }
}
