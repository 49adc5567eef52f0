package io.proxyprompt.dicom;

/** DICOM value representations (PS3.5 6.2) with what the codec needs: header form, byte swap unit, text or not. */
public enum VR {
    AE(false, 1, true), AS(false, 1, true), AT(false, 2, false), CS(false, 1, true), DA(false, 1, true),
    DS(false, 1, true), DT(false, 1, true), FL(false, 4, false), FD(false, 8, false), IS(false, 1, true),
    LO(false, 1, true), LT(false, 1, true), OB(true, 1, false), OD(true, 8, false), OF(true, 4, false),
    OL(true, 4, false), OV(true, 8, false), OW(true, 2, false), PN(false, 1, true), SH(false, 1, true),
    SL(false, 4, false), SQ(true, 1, false), SS(false, 2, false), ST(false, 1, true), SV(true, 8, false),
    TM(false, 1, true), UC(true, 1, true), UI(false, 1, true), UL(false, 4, false), UN(true, 1, false),
    UR(true, 1, true), US(false, 2, false), UT(true, 1, true), UV(true, 8, false);

    private final boolean longHeader;
    private final int unit;
    private final boolean text;

    VR(boolean longHeader, int unit, boolean text) {
        this.longHeader = longHeader;
        this.unit = unit;
        this.text = text;
    }

    /** Explicit VR: true when the header has 2 reserved bytes and a 4-byte length. */
    public boolean longHeader() {
        return longHeader;
    }

    /** Size in bytes of one binary number (the byte-swap unit for big endian); 1 for text and bytes. */
    public int unit() {
        return unit;
    }

    public boolean isText() {
        return text;
    }

    /** The VR for two header bytes, or {@code null} when they are not a VR. */
    public static VR of(int c1, int c2) {
        if (c1 < 'A' || c1 > 'Z' || c2 < 'A' || c2 > 'Z') {
            return null;
        }
        try {
            return valueOf(new String(new char[] {(char) c1, (char) c2}));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Padding byte for odd-length values: space for text, NUL for UI and binary. */
    public byte padding() {
        return text && this != UI ? (byte) ' ' : 0;
    }
}
