package io.proxyprompt.dicom;

/** The transfer syntaxes this codec knows by name, with how each is parsed and which pixel codec it needs. */
public enum TransferSyntax {
    IMPLICIT_VR_LE("1.2.840.10008.1.2", "Implicit VR Little Endian", Codec.NATIVE),
    EXPLICIT_VR_LE("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Codec.NATIVE),
    DEFLATED_EXPLICIT_VR_LE("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", Codec.NATIVE),
    EXPLICIT_VR_BE("1.2.840.10008.1.2.2", "Explicit VR Big Endian", Codec.NATIVE),
    RLE("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)",
            Codec.JPEG_LOSSLESS),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", Codec.UNSUPPORTED),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", Codec.UNSUPPORTED),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)", Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", Codec.JPEG_2000),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", Codec.JPEG_2000),
    HTJ2K_RPCL("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
            Codec.JPEG_2000),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", Codec.JPEG_2000),
    MPEG2("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Codec.UNSUPPORTED),
    MPEG4("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile", Codec.UNSUPPORTED),
    HEVC("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile", Codec.UNSUPPORTED);

    /** How the pixel data of a transfer syntax is decoded. */
    public enum Codec { NATIVE, RLE, JPEG, JPEG_LOSSLESS, JPEG_2000, UNSUPPORTED }

    private final String uid;
    private final String displayName;
    private final Codec codec;

    TransferSyntax(String uid, String displayName, Codec codec) {
        this.uid = uid;
        this.displayName = displayName;
        this.codec = codec;
    }

    public String uid() {
        return uid;
    }

    public String displayName() {
        return displayName;
    }

    public Codec codec() {
        return codec;
    }

    public boolean explicitVr() {
        return this != IMPLICIT_VR_LE;
    }

    public boolean bigEndian() {
        return this == EXPLICIT_VR_BE;
    }

    public boolean deflated() {
        return this == DEFLATED_EXPLICIT_VR_LE;
    }

    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** The syntax for a UID, or {@code null} when this codec does not know it. */
    public static TransferSyntax of(String uid) {
        for (TransferSyntax ts : values()) {
            if (ts.uid.equals(uid)) {
                return ts;
            }
        }
        return null;
    }

    /** {@code "<UID> (<name>)"} for messages. */
    public static String describe(String uid) {
        TransferSyntax ts = of(uid);
        return uid + " (" + (ts == null ? "unknown transfer syntax" : ts.displayName) + ")";
    }
}
