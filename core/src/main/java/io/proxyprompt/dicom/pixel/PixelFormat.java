package io.proxyprompt.dicom.pixel;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;

/**
 * The Image Pixel module of a data set: how the stored samples are laid out.
 *
 * @param photometric Photometric Interpretation (MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, PALETTE COLOR, ...)
 * @param planar      Planar Configuration 1 (colour-by-plane) instead of 0 (interleaved)
 */
public record PixelFormat(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                          int highBit, boolean signed, String photometric, boolean planar, int frames) {

    /** Most frames one object may have (whole-slide levels stay below; anything above is a corrupt header). */
    public static final int MAX_FRAMES = 100_000;

    /** Reads the module; missing values take their usual defaults, nonsense values are left for {@link #check}. */
    public static PixelFormat of(DicomObject ds) {
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 0);
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        return new PixelFormat(ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0),
                ds.getInt(Tag.SamplesPerPixel, 1), bitsAllocated, bitsStored,
                ds.getInt(Tag.HighBit, bitsStored - 1), ds.getInt(Tag.PixelRepresentation, 0) == 1,
                ds.getString(Tag.PhotometricInterpretation, "MONOCHROME2").toUpperCase(java.util.Locale.ROOT),
                ds.getInt(Tag.PlanarConfiguration, 0) == 1, numberOfFrames(ds));
    }

    /** Number of Frames as stored: 1 when absent, 0 when present but not a number (so {@link #check} refuses it). */
    private static int numberOfFrames(DicomObject ds) {
        if (ds.getString(Tag.NumberOfFrames) == null) {
            return 1;
        }
        double[] n = ds.getDoubles(Tag.NumberOfFrames);
        return n.length == 0 || n[0] != Math.rint(n[0]) ? 0 : (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, n[0]));
    }

    /** The photometric interpretations of PS3.3 C.7.6.3.1.2 with the samples per pixel each one has. */
    private static final java.util.Map<String, Integer> PHOTOMETRIC_SAMPLES = java.util.Map.of(
            "MONOCHROME1", 1, "MONOCHROME2", 1, "PALETTE COLOR", 1, "RGB", 3, "YBR_FULL", 3, "YBR_FULL_422", 3,
            "YBR_ICT", 3, "YBR_RCT", 3, "YBR_PARTIAL_420", 3, "XYB", 3);

    /** The problem with this module that stops decoding, or {@code null} when it is decodable. */
    public String check() {
        if (rows <= 0 || columns <= 0) {
            return "image size " + columns + "x" + rows + " is missing or invalid";
        }
        if ((long) rows * columns > 1L << 28) {
            return "image size " + columns + "x" + rows + " is too large";
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            return "Samples per Pixel " + samplesPerPixel + " is not supported (1 or 3)";
        }
        if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16) {
            return "Bits Allocated " + bitsAllocated + " is not supported (1, 8 or 16)";
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            return "Bits Stored " + bitsStored + " / High Bit " + highBit + " do not fit Bits Allocated " + bitsAllocated;
        }
        if (samplesPerPixel == 3 && bitsAllocated != 8) {
            return "colour images with " + bitsAllocated + " bits per sample are not supported";
        }
        Integer photometricSamples = PHOTOMETRIC_SAMPLES.get(photometric);
        if (photometricSamples == null) {
            return "Photometric Interpretation '" + photometric + "' is not a DICOM photometric interpretation"
                    + " (MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB, YBR_FULL, ...)";
        }
        if (photometricSamples != samplesPerPixel) {
            return "Photometric Interpretation " + photometric + " needs " + photometricSamples + " sample(s) per"
                    + " pixel but Samples per Pixel is " + samplesPerPixel;
        }
        if (bitsAllocated == 1 && !photometric.startsWith("MONOCHROME")) {
            return "1-bit pixels must be MONOCHROME1 or MONOCHROME2, not " + photometric;
        }
        if (frames < 1) {
            return "Number of Frames " + frames + " is invalid (it must be 1 or more)";
        }
        if (frames > MAX_FRAMES) {
            return "Number of Frames " + frames + " is implausible (more than " + MAX_FRAMES + ")";
        }
        return null;
    }

    public boolean isColor() {
        return samplesPerPixel == 3 || photometric.equals("PALETTE COLOR");
    }

    /** Bytes of one native (uncompressed) frame; YBR_FULL_422 stores 2 samples per pixel. */
    public long nativeFrameBytes() {
        long samples = (long) rows * columns * samplesPerPixel;
        if (photometric.equals("YBR_FULL_422")) {
            samples = (long) rows * columns * 2;
        }
        return bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8);
    }

    /** The same layout after a codec has produced interleaved samples in {@code photometric}. */
    public PixelFormat decodedAs(String newPhotometric) {
        return new PixelFormat(rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, signed,
                newPhotometric, false, frames);
    }
}
