package io.proxyprompt.dicom.seg;

import java.util.Locale;

/**
 * Maps the workstation's object names to coded SEG properties. Codes are SNOMED CT concepts used by DICOM
 * PS3.16 (see docs/dicom.md for their sources); objects without a verified concept get a local code in the
 * private coding scheme {@value #LOCAL_SCHEME} (PS3.16 8.2 allows "99" schemes) rather than an invented SCT code.
 */
public final class SegmentCodes {

    /** Local coding scheme for objects that have no verified standard concept. */
    public static final String LOCAL_SCHEME = "99PROXYPROMPT";

    public static final Code ANATOMICAL_STRUCTURE = new Code("123037004", "SCT", "Anatomical Structure");
    public static final Code TISSUE = new Code("85756007", "SCT", "Tissue");
    public static final Code OPTIC_DISC = new Code("81016008", "SCT", "Optic disc");
    public static final Code BLOOD_VESSEL = new Code("59820001", "SCT", "Blood vessel");

    /** Category, type, description and colour for one object name. */
    public record Coding(Code category, Code type, String description, int[] rgb) { }

    private SegmentCodes() {
    }

    /** The coding for an object name ({@code disc}, {@code cup}, {@code vessel}, or anything else). */
    public static Coding forObject(String name) {
        String n = name.toLowerCase(Locale.ROOT).strip();
        return switch (n) {
            case "disc", "optic disc", "od" -> new Coding(ANATOMICAL_STRUCTURE, OPTIC_DISC, "optic disc",
                    new int[] {255, 200, 0});
            case "vessel", "vessels", "retinal vessel" -> new Coding(TISSUE, BLOOD_VESSEL,
                    "retinal blood vessels", new int[] {220, 30, 30});
            case "cup", "optic cup", "oc" -> new Coding(ANATOMICAL_STRUCTURE,
                    new Code("cup", LOCAL_SCHEME, "Optic cup"), "optic cup (excavation of the optic disc)",
                    new int[] {0, 160, 255});
            default -> new Coding(ANATOMICAL_STRUCTURE, new Code(localValue(n), LOCAL_SCHEME, name.strip()),
                    name.strip(), new int[] {60, 200, 60});
        };
    }

    private static String localValue(String n) {
        String v = n.replaceAll("[^a-z0-9]+", "-");
        return v.isEmpty() ? "object" : v.length() > 16 ? v.substring(0, 16) : v;
    }

    /** Converts sRGB (0..255) to DICOM-scaled CIELab (PS3.3 C.10.7.1.1: L 0..65535, a and b offset by 128). */
    public static int[] rgbToDicomLab(int[] rgb) {
        double[] lin = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i] / 255.0;
            lin[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        double x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047;
        double y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
        double z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        double l = 116 * fy - 16;
        double a = 500 * (fx - fy);
        double b = 200 * (fy - fz);
        return new int[] {clamp(l * 65535 / 100), clamp((a + 128) * 65535 / 255), clamp((b + 128) * 65535 / 255)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(65535, Math.round(v)));
    }
}
