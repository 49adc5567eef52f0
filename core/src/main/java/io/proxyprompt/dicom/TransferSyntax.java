package io.proxyprompt.dicom;

/**
 * The transfer syntaxes this codec knows by name (PS3.6 Table A-1), with how each is parsed, which pixel codec it
 * needs and, for those without one here, what the user can do instead.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LE("1.2.840.10008.1.2", "Implicit VR Little Endian", Codec.NATIVE),
    EXPLICIT_VR_LE("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Codec.NATIVE),
    DEFLATED_EXPLICIT_VR_LE("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", Codec.NATIVE),
    EXPLICIT_VR_BE("1.2.840.10008.1.2.2", "Explicit VR Big Endian", Codec.NATIVE),
    DEFLATED_IMAGE_FRAME("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", Codec.DEFLATE),
    RLE("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG_LOSSLESS),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)",
            Codec.JPEG_LOSSLESS),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", Codec.UNSUPPORTED,
            "decompress it first with dcmtk: dcmdjpls IN OUT"),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)", Codec.UNSUPPORTED,
            "decompress it first with dcmtk: dcmdjpls IN OUT"),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless Only)", Codec.JPEG_2000),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", Codec.JPEG_2000),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (Lossless Only)", Codec.JPEG_2000),
    HTJ2K_RPCL("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)",
            Codec.JPEG_2000),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", Codec.JPEG_2000),
    JPEG_XL_LOSSLESS("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Codec.UNSUPPORTED, null),
    JPEG_XL_RECOMPRESSION("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Codec.UNSUPPORTED, null),
    JPEG_XL("1.2.840.10008.1.2.4.112", "JPEG XL", Codec.UNSUPPORTED, null),
    ENCAPSULATED_UNCOMPRESSED("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian",
            Codec.UNSUPPORTED, null),
    MPEG2("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Codec.UNSUPPORTED, Advice.VIDEO),
    MPEG2_HIGH("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Codec.UNSUPPORTED, Advice.VIDEO),
    MPEG4("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile", Codec.UNSUPPORTED, Advice.VIDEO),
    MPEG4_BD("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile", Codec.UNSUPPORTED, Advice.VIDEO),
    HEVC("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile", Codec.UNSUPPORTED, Advice.VIDEO),
    HEVC_10("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile", Codec.UNSUPPORTED, Advice.VIDEO);

    /** How the pixel data of a transfer syntax is decoded. */
    public enum Codec { NATIVE, RLE, JPEG, JPEG_LOSSLESS, JPEG_2000, DEFLATE, UNSUPPORTED }

    private static final class Advice {
        static final String VIDEO = "it is video: export the frames as images from the system that recorded it";
        static final String GENERIC = "decompress it to Explicit VR Little Endian first (e.g. gdcmconv --raw IN"
                + " OUT, or pydicom's decompress())";
    }

    private final String uid;
    private final String displayName;
    private final Codec codec;
    private final String advice;

    TransferSyntax(String uid, String displayName, Codec codec) {
        this(uid, displayName, codec, null);
    }

    TransferSyntax(String uid, String displayName, Codec codec, String advice) {
        this.uid = uid;
        this.displayName = displayName;
        this.codec = codec;
        this.advice = advice;
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

    /** What the user can do with pixel data in {@code uid} when this codec cannot decode it. */
    public static String advice(String uid) {
        TransferSyntax ts = of(uid);
        return ts == null || ts.advice == null ? Advice.GENERIC : ts.advice;
    }
}
