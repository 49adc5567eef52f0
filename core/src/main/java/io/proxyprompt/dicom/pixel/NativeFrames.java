package io.proxyprompt.dicom.pixel;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.common.PixelBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Turns the bytes of one uncompressed frame (little endian) into samples the viewer can use. */
final class NativeFrames {

    private NativeFrames() {
    }

    /** Interprets {@code data} (at least one frame from {@code offset}) per {@code f}; {@code ds} supplies palettes. */
    static DecodedFrame interpret(PixelFormat f, byte[] data, int offset, DicomObject ds) throws PixelException {
        int pixels = f.rows() * f.columns();
        boolean mono1 = f.photometric().equals("MONOCHROME1");
        if (f.samplesPerPixel() == 3) {
            byte[] rgb = new byte[pixels * 3];
            switch (f.photometric()) {
                case "YBR_FULL_422" -> ColorSpaces.ybr422ToRgb(data, offset, f.columns(), f.rows(), rgb);
                case "RGB", "YBR_FULL", "YBR_RCT", "YBR_ICT" -> {
                    if (f.planar()) {
                        for (int i = 0; i < pixels; i++) {
                            rgb[3 * i] = data[offset + i];
                            rgb[3 * i + 1] = data[offset + pixels + i];
                            rgb[3 * i + 2] = data[offset + 2 * pixels + i];
                        }
                    } else {
                        System.arraycopy(data, offset, rgb, 0, rgb.length);
                    }
                    if (f.photometric().equals("YBR_FULL")) {
                        ColorSpaces.ybrFullToRgb(rgb);
                    }
                }
                default -> throw new PixelException("Photometric Interpretation " + f.photometric()
                        + " with 3 samples is not supported");
            }
            return new DecodedFrame(f.columns(), f.rows(), 3, new PixelBuffer.Bytes(rgb), false);
        }
        if (f.photometric().equals("PALETTE COLOR")) {
            return new DecodedFrame(f.columns(), f.rows(), 3,
                    new PixelBuffer.Bytes(palette(f, data, offset, ds)), false);
        }
        if (!f.photometric().startsWith("MONOCHROME")) {
            throw new PixelException("Photometric Interpretation " + f.photometric() + " with 1 sample is not supported");
        }
        int shift = f.highBit() + 1 - f.bitsStored();
        int mask = (1 << f.bitsStored()) - 1;
        int signBit = 1 << (f.bitsStored() - 1);
        if (f.bitsAllocated() == 8) {
            if (!f.signed() && shift == 0 && f.bitsStored() == 8) {
                byte[] out = new byte[pixels];
                System.arraycopy(data, offset, out, 0, pixels);
                return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Bytes(out), mono1);
            }
            short[] out = new short[pixels];
            for (int i = 0; i < pixels; i++) {
                int v = ((data[offset + i] & 0xFF) >> shift) & mask;
                out[i] = (short) (f.signed() && (v & signBit) != 0 ? v - (1 << f.bitsStored()) : v);
            }
            if (!f.signed()) {
                byte[] b = new byte[pixels];
                for (int i = 0; i < pixels; i++) {
                    b[i] = (byte) out[i];
                }
                return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Bytes(b), mono1);
            }
            return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Shorts(out, true), mono1);
        }
        short[] out = new short[pixels];
        ByteBuffer b = ByteBuffer.wrap(data, offset, pixels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < pixels; i++) {
            int v = ((b.getShort() & 0xFFFF) >> shift) & mask;
            out[i] = (short) (f.signed() && (v & signBit) != 0 ? v - (1 << f.bitsStored()) : v);
        }
        return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Shorts(out, f.signed()), mono1);
    }

    /** Unpacks 1-bit samples (first pixel in the least significant bit) starting at {@code bitOffset} to 0/255. */
    static DecodedFrame bits(PixelFormat f, byte[] data, long bitOffset) {
        int pixels = f.rows() * f.columns();
        byte[] out = new byte[pixels];
        for (int i = 0; i < pixels; i++) {
            long bit = bitOffset + i;
            if ((data[(int) (bit >>> 3)] >> (int) (bit & 7) & 1) != 0) {
                out[i] = (byte) 255;
            }
        }
        return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Bytes(out),
                f.photometric().equals("MONOCHROME1"));
    }

    /** A one-sample frame already unpacked to one byte per pixel (0 or 255). */
    static DecodedFrame binary(PixelFormat f, byte[] zeroOr255) {
        return new DecodedFrame(f.columns(), f.rows(), 1, new PixelBuffer.Bytes(zeroOr255),
                f.photometric().equals("MONOCHROME1"));
    }

    private static byte[] palette(PixelFormat f, byte[] data, int offset, DicomObject ds) throws PixelException {
        int[][] luts = new int[3][];
        int[] tagsDesc = {Tag.RedPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableDescriptor,
                Tag.BluePaletteColorLookupTableDescriptor};
        int[] tagsData = {Tag.RedPaletteColorLookupTableData, Tag.GreenPaletteColorLookupTableData,
                Tag.BluePaletteColorLookupTableData};
        int first = 0;
        for (int c = 0; c < 3; c++) {
            int[] desc = ds.getInts(tagsDesc[c]);
            var lutData = ds.get(tagsData[c]);
            if (desc.length < 3 || lutData == null || lutData.value() == null) {
                throw new PixelException("PALETTE COLOR image without a complete palette (segmented palettes are not"
                        + " supported)");
            }
            int entries = desc[0] == 0 ? 65536 : desc[0] & 0xFFFF;
            first = desc[1];
            int bits = desc[2];
            byte[] raw = lutData.value();
            int[] lut = new int[entries];
            boolean wordsPerEntry = raw.length >= entries * 2;
            if (!wordsPerEntry && (bits != 8 || raw.length < entries)) {
                throw new PixelException("palette holds " + raw.length + " bytes, too few for " + entries + " entries");
            }
            for (int i = 0; i < entries; i++) {
                int v;
                if (bits == 8 && !wordsPerEntry) {
                    v = i < raw.length ? raw[i] & 0xFF : 0;
                } else {
                    v = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
                    v = bits > 8 ? v >> (bits - 8) : v & 0xFF;
                }
                lut[i] = v;
            }
            luts[c] = lut;
        }
        int pixels = f.rows() * f.columns();
        byte[] rgb = new byte[pixels * 3];
        ByteBuffer b = ByteBuffer.wrap(data, offset, data.length - offset).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < pixels; i++) {
            int index = f.bitsAllocated() == 16 ? b.getShort() & 0xFFFF : data[offset + i] & 0xFF;
            for (int c = 0; c < 3; c++) {
                int k = Math.max(0, Math.min(luts[c].length - 1, index - first));
                rgb[3 * i + c] = (byte) luts[c][k];
            }
        }
        return rgb;
    }
}
