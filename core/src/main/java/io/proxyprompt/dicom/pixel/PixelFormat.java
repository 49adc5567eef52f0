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

    /** Reads the module; missing values take their usual defaults, nonsense values are left for {@link #check}. */
    public static PixelFormat of(DicomObject ds) {
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, 0);
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        return new PixelFormat(ds.getInt(Tag.Rows, 0), ds.getInt(Tag.Columns, 0),
                ds.getInt(Tag.SamplesPerPixel, 1), bitsAllocated, bitsStored,
                ds.getInt(Tag.HighBit, bitsStored - 1), ds.getInt(Tag.PixelRepresentation, 0) == 1,
                ds.getString(Tag.PhotometricInterpretation, "MONOCHROME2").toUpperCase(java.util.Locale.ROOT),
                ds.getInt(Tag.PlanarConfiguration, 0) == 1, Math.max(1, ds.getInt(Tag.NumberOfFrames, 1)));
    }

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
        if (frames > 100_000) {
            return "Number of Frames " + frames + " is implausible";
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
