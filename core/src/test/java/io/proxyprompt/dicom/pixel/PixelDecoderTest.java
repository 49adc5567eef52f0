package io.proxyprompt.dicom.pixel;

import io.proxyprompt.dicom.DicomElement;
import io.proxyprompt.dicom.DicomFile;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.TransferSyntax;
import io.proxyprompt.dicom.VR;
import io.proxyprompt.common.PixelBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.decodeAll;
import static io.proxyprompt.dicom.DicomTestSupport.image;
import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static io.proxyprompt.dicom.DicomTestSupport.samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelDecoderTest {

    private final PixelDecoder decoder = new PixelDecoder();

    private DecodedFrame decode(DicomObject ds, TransferSyntax ts, int frame) throws DicomParseException {
        return decoder.decode(new DicomFile(Path.of("synthetic.dcm"), new DicomObject(), ds, ts.uid()), frame);
    }

    private static byte[] le16(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putShort((short) x);
        }
        return b.array();
    }

    @Test
    void signedTwelveBitSamplesAreSignExtendedFromBitsStored() throws Exception {
        DicomObject ds = image(1, 4, 1, 16, true, "MONOCHROME2", 1, le16(0x0FFF, 0x0800, 0x07FF, 0xF001));
        ds.setInt(Tag.BitsStored, 12);
        ds.setInt(Tag.HighBit, 11);
        DecodedFrame f = decode(ds, TransferSyntax.EXPLICIT_VR_LE, 0);
        assertArrayEquals(new int[] {-1, -2048, 2047, 1}, samples(f), "high bits above High Bit are ignored");
        assertInstanceOf(PixelBuffer.Shorts.class, f.pixels());
    }

    @Test
    void unsignedSixteenAndEightBitKeepTheirValuesAndMonochrome1IsFlagged() throws Exception {
        DecodedFrame f16 = decode(image(1, 3, 1, 16, false, "MONOCHROME1", 1, le16(0, 40000, 65535)),
                TransferSyntax.EXPLICIT_VR_LE, 0);
        assertArrayEquals(new int[] {0, 40000, 65535}, samples(f16));
        assertTrue(f16.monochrome1());
        DecodedFrame f8 = decode(image(1, 4, 1, 8, false, "MONOCHROME2", 1, new byte[] {0, 1, (byte) 200, (byte) 255}),
                TransferSyntax.EXPLICIT_VR_LE, 0);
        assertArrayEquals(new int[] {0, 1, 200, 255}, samples(f8));
        DecodedFrame s8 = decode(image(1, 2, 1, 8, true, "MONOCHROME2", 1, new byte[] {(byte) 0xFF, 0x7F}),
                TransferSyntax.EXPLICIT_VR_LE, 0);
        assertArrayEquals(new int[] {-1, 127}, samples(s8));
    }

    @Test
    void bothPlanarConfigurationsGiveTheSameInterleavedRgb() throws Exception {
        byte[] interleaved = {10, 20, 30, 40, 50, 60};
        byte[] planar = {10, 40, 20, 50, 30, 60};
        DicomObject a = image(1, 2, 3, 8, false, "RGB", 1, interleaved);
        DicomObject b = image(1, 2, 3, 8, false, "RGB", 1, planar);
        b.setInt(Tag.PlanarConfiguration, 1);
        assertArrayEquals(samples(decode(a, TransferSyntax.EXPLICIT_VR_LE, 0)),
                samples(decode(b, TransferSyntax.EXPLICIT_VR_LE, 0)));
        assertArrayEquals(new int[] {10, 20, 30, 40, 50, 60}, samples(decode(b, TransferSyntax.EXPLICIT_VR_LE, 0)));
    }

    @Test
    void ybrFullAndYbrFull422AreConvertedToRgb() throws Exception {
        // BT.601 full range: pure red is Y=76, Cb=85, Cr=255; grey has Cb = Cr = 128.
        DicomObject full = image(1, 2, 3, 8, false, "YBR_FULL", 1, new byte[] {76, 85, (byte) 255, (byte) 128,
                (byte) 128, (byte) 128});
        int[] rgb = samples(decode(full, TransferSyntax.EXPLICIT_VR_LE, 0));
        assertTrue(rgb[0] >= 253 && rgb[1] <= 2 && rgb[2] <= 2, java.util.Arrays.toString(rgb));
        assertArrayEquals(new int[] {128, 128, 128}, java.util.Arrays.copyOfRange(rgb, 3, 6));
        DicomObject sub = image(1, 2, 3, 8, false, "YBR_FULL_422", 1, new byte[] {100, (byte) 200, (byte) 128,
                (byte) 128});
        assertArrayEquals(new int[] {100, 100, 100, 200, 200, 200}, samples(decode(sub, TransferSyntax.EXPLICIT_VR_LE, 0)));
    }

    @Test
    void paletteColourIsLookedUp() throws Exception {
        DicomObject ds = image(1, 3, 1, 8, false, "PALETTE COLOR", 1, new byte[] {0, 1, 2});
        int[] desc = {3, 0, 16};
        ds.setBytes(Tag.RedPaletteColorLookupTableDescriptor, VR.US, le16(desc));
        ds.setBytes(Tag.GreenPaletteColorLookupTableDescriptor, VR.US, le16(desc));
        ds.setBytes(Tag.BluePaletteColorLookupTableDescriptor, VR.US, le16(desc));
        ds.setBytes(Tag.RedPaletteColorLookupTableData, VR.OW, le16(0xFFFF, 0x0000, 0x8000));
        ds.setBytes(Tag.GreenPaletteColorLookupTableData, VR.OW, le16(0x0000, 0xFFFF, 0x8000));
        ds.setBytes(Tag.BluePaletteColorLookupTableData, VR.OW, le16(0x0000, 0x0000, 0x8000));
        DecodedFrame f = decode(ds, TransferSyntax.EXPLICIT_VR_LE, 0);
        assertEquals(3, f.channels());
        assertArrayEquals(new int[] {255, 0, 0, 0, 255, 0, 128, 128, 128}, samples(f));
    }

    @Test
    void framesOfAMultiFrameObjectAreDecodedSeparately() throws Exception {
        DicomObject ds = image(1, 2, 1, 16, true, "MONOCHROME2", 3, le16(1, 2, -3, -4, 5, 6));
        assertEquals(3, decoder.frameCount(new DicomFile(Path.of("m.dcm"), new DicomObject(), ds,
                TransferSyntax.EXPLICIT_VR_LE.uid())));
        assertArrayEquals(new int[] {-3, -4}, samples(decode(ds, TransferSyntax.EXPLICIT_VR_LE, 1)));
        assertArrayEquals(new int[] {5, 6}, samples(decode(ds, TransferSyntax.EXPLICIT_VR_LE, 2)));
        assertThrows(DicomParseException.class, () -> decode(ds, TransferSyntax.EXPLICIT_VR_LE, 3));
    }

    @Test
    void ourRleDecoderRestoresSignedSixteenBitFramesExactly() throws Exception {
        int w = 37;
        int h = 5;
        short[][] frames = new short[2][w * h];
        for (int i = 0; i < w * h; i++) {
            frames[0][i] = (short) (i % 7 == 0 ? -1000 + i : 300);
            frames[1][i] = (short) (i * 97 - 9000);
        }
        List<byte[]> fragments = new java.util.ArrayList<>();
        fragments.add(new byte[0]);
        for (short[] fr : frames) {
            byte[] hi = new byte[fr.length];
            byte[] lo = new byte[fr.length];
            for (int i = 0; i < fr.length; i++) {
                hi[i] = (byte) (fr[i] >> 8);
                lo[i] = (byte) fr[i];
            }
            byte[] s1 = RleCodec.packBits(hi);
            byte[] s2 = RleCodec.packBits(lo);
            ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(2).putInt(64).putInt(64 + s1.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header.array());
            out.writeBytes(s1);
            out.writeBytes(s2);
            fragments.add(out.toByteArray());
        }
        DicomObject ds = image(h, w, 1, 16, true, "MONOCHROME2", 2, new byte[0]);
        ds.put(DicomElement.ofFragments(Tag.PixelData, VR.OB, fragments));
        for (int k = 0; k < 2; k++) {
            int[] got = samples(decode(ds, TransferSyntax.RLE, k));
            for (int i = 0; i < w * h; i++) {
                assertEquals(frames[k][i], got[i], "frame " + k + " sample " + i);
            }
        }
    }

    @Test
    void nativeRleAndJpeg2000CopiesOfAMultiFrameMrAreIdentical() throws Exception {
        List<int[]> uncompressed = decodeAll(resource("pydicom_emri_small.dcm"));
        List<int[]> rle = decodeAll(resource("pydicom_emri_small_RLE.dcm"));
        List<int[]> j2k = decodeAll(resource("pydicom_emri_small_jpeg_2k_lossless.dcm"));
        assertEquals(10, uncompressed.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(uncompressed.get(i), rle.get(i), "RLE frame " + i);
            assertArrayEquals(uncompressed.get(i), j2k.get(i), "JPEG 2000 frame " + i);
        }
        assertArrayEquals(decodeAll(resource("pydicom_MR_small_implicit.dcm")).get(0),
                decodeAll(resource("pydicom_MR_small_jp2klossless.dcm")).get(0), "signed JPEG 2000 (DICOM.md trick)");
        assertArrayEquals(decodeAll(resource("pydicom_MR_small_implicit.dcm")).get(0),
                decodeAll(resource("pydicom_MR_small_RLE.dcm")).get(0));
    }

    @Test
    void highThroughputJpeg2000ColourDecodesThroughOpenCv() throws Exception {
        List<int[]> f = decodeAll(resource("pydicom_HTJ2KLossless_08_RGB.dcm"));
        int[] s = f.get(0);
        assertEquals(480 * 640 * 3, s.length);
        assertTrue(java.util.Arrays.stream(s).distinct().count() > 100, "a real picture, not a constant");
    }

    @Test
    void rleHeaderThatPromisesMoreThanItCanHoldIsRefused() {
        DicomObject ds = image(4000, 4000, 1, 16, false, "MONOCHROME2", 1, new byte[0]);
        byte[] tiny = new byte[80];
        tiny[0] = 2;
        tiny[4] = 64;
        tiny[8] = 70;
        ds.put(DicomElement.ofFragments(Tag.PixelData, VR.OB, List.of(new byte[0], tiny)));
        DicomParseException e = assertThrows(DicomParseException.class, () -> decode(ds, TransferSyntax.RLE, 0));
        assertTrue(e.getMessage().contains("cannot hold"), e.getMessage());
    }

    @Test
    void numberOfFramesZeroNegativeOrNotANumberIsRefusedNotShownAsOne() {
        for (String frames : new String[] {"0", "-5", "two"}) {
            DicomObject ds = image(1, 2, 1, 16, true, "MONOCHROME2", 1, le16(1, 2));
            ds.setString(Tag.NumberOfFrames, VR.IS, frames);
            DicomFile f = new DicomFile(Path.of("frames.dcm"), new DicomObject(), ds, TransferSyntax.EXPLICIT_VR_LE.uid());
            DicomParseException e = assertThrows(DicomParseException.class, () -> decoder.frameCount(f));
            assertTrue(e.getMessage().startsWith("frames.dcm: Number of Frames ")
                    && e.getMessage().contains("it must be 1 or more"), e.getMessage());
            assertThrows(DicomParseException.class, () -> decoder.decode(f, 0), frames);
        }
    }

    @Test
    void numberOfFramesBeyondThePixelDataIsRefusedBeforeAnyFrameIsDecoded() {
        DicomObject ds = image(1, 2, 1, 16, true, "MONOCHROME2", 3, le16(1, 2, 3, 4));
        DicomFile f = new DicomFile(Path.of("more.dcm"), new DicomObject(), ds, TransferSyntax.EXPLICIT_VR_LE.uid());
        DicomParseException e = assertThrows(DicomParseException.class, () -> decoder.frameCount(f));
        assertTrue(e.getMessage().contains("pixel data holds 8 bytes but the header needs 12 for 3 frame(s)"),
                e.getMessage());
        DicomObject rle = image(4, 4, 1, 8, false, "MONOCHROME2", 5, new byte[0]);
        rle.put(DicomElement.ofFragments(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[70])));
        DicomFile r = new DicomFile(Path.of("rle.dcm"), new DicomObject(), rle, TransferSyntax.RLE.uid());
        e = assertThrows(DicomParseException.class, () -> decoder.frameCount(r));
        assertTrue(e.getMessage().contains("holds only 1 fragment(s)"), e.getMessage());
    }

    @Test
    void bogusPhotometricInterpretationIsRefusedNotDecodedAnyway() {
        record Case(String photometric, int samples, int bits, String says) { }
        for (Case c : List.of(new Case("BANANA", 1, 16, "not a DICOM photometric interpretation"),
                new Case("MONOCHROME3", 1, 8, "not a DICOM photometric interpretation"),
                new Case("RGB", 1, 8, "needs 3 sample(s) per pixel but Samples per Pixel is 1"),
                new Case("MONOCHROME2", 3, 8, "needs 1 sample(s) per pixel but Samples per Pixel is 3"),
                new Case("PALETTE COLOR", 1, 1, "1-bit pixels must be MONOCHROME1 or MONOCHROME2"),
                new Case("BANANA", 1, 1, "not a DICOM photometric interpretation"))) {
            int bytes = c.bits() == 1 ? 2 : 4 * c.samples() * c.bits() / 8;
            DicomObject ds = image(2, 2, c.samples(), c.bits(), false, c.photometric(), 1, new byte[bytes + bytes % 2]);
            DicomParseException e = assertThrows(DicomParseException.class,
                    () -> decode(ds, TransferSyntax.EXPLICIT_VR_LE, 0), c.toString());
            assertTrue(e.getMessage().contains(c.says()), c + ": " + e.getMessage());
            assertTrue(decoder.whyNotDecodable(new DicomFile(Path.of("p.dcm"), new DicomObject(), ds,
                    TransferSyntax.EXPLICIT_VR_LE.uid())).contains(c.says()));
        }
    }

    @Test
    void unsupportedSyntaxesGetAdviceForTheirOwnCodec() {
        DicomObject ds = image(2, 2, 1, 8, false, "MONOCHROME2", 1, new byte[0]);
        ds.put(DicomElement.ofFragments(Tag.PixelData, VR.OB, List.of(new byte[0], new byte[10])));
        String ls = decoder.whyNotDecodable(new DicomFile(Path.of("l.dcm"), new DicomObject(), ds,
                TransferSyntax.JPEG_LS_LOSSLESS.uid()));
        assertTrue(ls.contains("JPEG-LS Lossless") && ls.contains("dcmdjpls"), ls);
        String unknown = decoder.whyNotDecodable(new DicomFile(Path.of("u.dcm"), new DicomObject(), ds, "1.2.3.4"));
        assertTrue(unknown.contains("1.2.3.4 (unknown transfer syntax)") && !unknown.contains("dcmdjpls"), unknown);
        String hevc = decoder.whyNotDecodable(new DicomFile(Path.of("v.dcm"), new DicomObject(), ds,
                TransferSyntax.HEVC.uid()));
        assertTrue(hevc.contains("video"), hevc);
    }
}
