package io.proxyprompt.dicom.seg;

import io.proxyprompt.dicom.DicomParseException;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.TransferSyntax;
import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static io.proxyprompt.dicom.DicomTestSupport.runOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SEGs made by other tools (highdicom, pydicom-data) read the way pydicom reads them: FRACTIONAL with its
 * fractions and the threshold said out loud, label maps one mask per label, Deflated Image Frame Compression.
 */
class SegReaderTest {

    /** pydicom's stored values of every frame, flattened, as "frames values...". */
    private static int[][] pydicomFrames(Path file) {
        ExternalTools.assumePythonModules("pydicom", "numpy");
        String out = runOk(ExternalTools.PYTHON, "-c", "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]);"
                + " a=d.pixel_array.reshape((-1,d.Rows*d.Columns));"
                + " print('\\n'.join(' '.join(str(int(v)) for v in f) for f in a))", file.toString());
        return out.strip().lines().map(l -> l.strip().split(" ")).map(p -> java.util.Arrays.stream(p)
                .mapToInt(Integer::parseInt).toArray()).toArray(int[][]::new);
    }

    private static long area(SegDocument doc) {
        long n = 0;
        for (SegDocument.Frame f : doc.frames()) {
            for (byte b : f.mask().pixels()) {
                n += b != 0 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void fractionalSegKeepsItsFractionsAndSaysWhereItWasCut() throws Exception {
        Path file = resource("highdicom_seg_image_ct_true_fractional.dcm");
        SegDocument half = new SegReader().read(file);
        assertEquals(SegDocument.Type.FRACTIONAL, half.type());
        assertEquals("PROBABILITY", half.fractional().fractionalType());
        assertEquals(255, half.fractional().maximum());
        assertEquals(128, half.fractional().minimumInside());
        assertTrue(half.describe().contains("at or above 50 % (stored value 128 or more of 255)"), half.describe());

        SegDocument quarter = new SegReader().read(file, 0.25);
        assertEquals(64, quarter.fractional().minimumInside());
        int[][] expected = pydicomFrames(file);
        assertEquals(expected.length, half.frames().size());
        for (int f = 0; f < expected.length; f++) {
            byte[] fractions = half.frames().get(f).fractions();
            for (int p = 0; p < expected[f].length; p++) {
                int v = expected[f][p];
                assertEquals(v, fractions[p] & 0xFF, "fraction of frame " + f + " pixel " + p);
                assertEquals(v >= 128, half.frames().get(f).mask().pixels()[p] != 0, "50 % cut, frame " + f);
                assertEquals(v >= 64, quarter.frames().get(f).mask().pixels()[p] != 0, "25 % cut, frame " + f);
            }
        }
        assertTrue(area(quarter) > area(half), "a lower threshold takes more in");
    }

    @Test
    void labelMapSegIsReadAsOneMaskPerLabelExactlyAsPydicomSeesIt() throws Exception {
        Path file = resource("highdicom_seg_image_sm_control_labelmap.dcm");
        SegDocument doc = new SegReader().read(file);
        assertEquals(SegDocument.Type.LABELMAP, doc.type());
        assertEquals(20, doc.segments().size(), "background (0) is not a segment");
        assertTrue(doc.frames().stream().allMatch(f -> f.sourceSopInstanceUid() != null));
        int[][] labels = pydicomFrames(file);
        // Rebuild each frame's label image from the masks: it must be pydicom's array.
        int index = 0;
        int[] rebuilt = new int[labels[0].length];
        String lastSource = null;
        int lastFrame = -1;
        List<int[]> frames = new java.util.ArrayList<>();
        for (SegDocument.Frame fr : doc.frames()) {
            if (lastSource != null && (!fr.sourceSopInstanceUid().equals(lastSource) || fr.sourceFrameIndex() != lastFrame)) {
                frames.add(rebuilt);
                rebuilt = new int[labels[0].length];
            }
            for (int p = 0; p < rebuilt.length; p++) {
                if (fr.mask().pixels()[p] != 0) {
                    assertEquals(0, rebuilt[p], "labels do not overlap");
                    rebuilt[p] = fr.segmentNumber();
                }
            }
            lastSource = fr.sourceSopInstanceUid();
            lastFrame = fr.sourceFrameIndex();
            index++;
        }
        frames.add(rebuilt);
        assertEquals(labels.length, frames.size());
        for (int f = 0; f < labels.length; f++) {
            assertArrayEquals(labels[f], frames.get(f), "frame " + f);
        }
        assertTrue(index > 0);
    }

    @Test
    void deflatedImageFrameCompressionIsNamedAndDecodesLikeItsRleTwin() throws Exception {
        assertEquals("1.2.840.10008.1.2.8.1 (Deflated Image Frame Compression)",
                TransferSyntax.describe("1.2.840.10008.1.2.8.1"));
        SegDocument deflated = new SegReader().read(resource("pydicom_liver_deflate.dcm"));
        SegDocument rle = new SegReader().read(resource("pydicom_liver_rle.dcm"));
        assertEquals(rle.frames().size(), deflated.frames().size());
        for (int i = 0; i < rle.frames().size(); i++) {
            assertArrayEquals(rle.frames().get(i).mask().pixels(), deflated.frames().get(i).mask().pixels(), "frame " + i);
        }
        // pydicom 2.3 has no handler for this syntax: inflate its frames with Python's zlib, unpack the bits.
        ExternalTools.assumePythonModules("pydicom", "numpy");
        String out = runOk(ExternalTools.PYTHON, "-c", "import pydicom,sys,zlib,numpy as np;"
                + " d=pydicom.dcmread(sys.argv[1]); n=d.Rows*d.Columns;"
                + " fs=pydicom.encaps.generate_pixel_data_frame(d.PixelData, int(d.NumberOfFrames));"
                + " print('\\n'.join(''.join(map(str, np.unpackbits(np.frombuffer(zlib.decompress(f, -15),"
                + " np.uint8), bitorder='little')[:n])) for f in fs))", resource("pydicom_liver_deflate.dcm").toString());
        List<String> frames = out.strip().lines().toList();
        assertEquals(deflated.frames().size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] mask = deflated.frames().get(i).mask().pixels();
            for (int p = 0; p < mask.length; p++) {
                assertEquals(frames.get(i).charAt(p) == '1', mask[p] != 0, "frame " + i + " pixel " + p);
            }
        }
    }

    @Test
    void oneBitJpeg2000SegDecodesLikeItsRleTwinAndPixelExactAgainstOpenJpeg() throws Exception {
        SegDocument j2k = new SegReader().read(resource("pydicom_liver_j2k.dcm"));
        SegDocument rle = new SegReader().read(resource("pydicom_liver_rle.dcm"));
        assertEquals(rle.frames().size(), j2k.frames().size());
        for (int i = 0; i < rle.frames().size(); i++) {
            assertArrayEquals(rle.frames().get(i).mask().pixels(), j2k.frames().get(i).mask().pixels(), "frame " + i);
        }
        // The reference decoder: OpenJPEG's own opj_decompress on each frame's codestream (pydicom extracts them).
        ExternalTools.assumeOnPath("opj_decompress");
        ExternalTools.assumePythonModules("pydicom");
        Path dir = java.nio.file.Files.createTempDirectory("j2k-frames");
        runOk(ExternalTools.PYTHON, "-c", "import pydicom,sys; d=pydicom.dcmread(sys.argv[1]);"
                + " fs=pydicom.encaps.generate_pixel_data_frame(d.PixelData, int(d.NumberOfFrames));"
                + " [open(sys.argv[2]+'/f%d.j2k'%i,'wb').write(f) for i,f in enumerate(fs)]",
                resource("pydicom_liver_j2k.dcm").toString(), dir.toString());
        for (int i = 0; i < j2k.frames().size(); i++) {
            Path out = dir.resolve("f" + i + ".pgx");
            runOk("opj_decompress", "-i", dir.resolve("f" + i + ".j2k").toString(), "-o", out.toString());
            Path written = java.nio.file.Files.exists(out) ? out : dir.resolve("f" + i + "_0.pgx");
            byte[] pgx = java.nio.file.Files.readAllBytes(written);
            int header = 0;
            while (pgx[header] != '\n') {
                header++;
            }
            byte[] mask = j2k.frames().get(i).mask().pixels();
            assertEquals(mask.length, pgx.length - header - 1, "frame " + i + " size");
            for (int p = 0; p < mask.length; p++) {
                assertEquals(pgx[header + 1 + p] != 0, mask[p] != 0, "frame " + i + " pixel " + p);
            }
        }
    }

    @Test
    void aOneBitFrameWhoseJpeg2000StreamIsEightBitIsRefusedWithBothSizes() throws Exception {
        byte[] file = java.nio.file.Files.readAllBytes(resource("pydicom_liver_j2k.dcm"));
        int siz = -1;
        for (int i = 0; i + 3 < file.length; i++) {
            // the first codestream: SOC (FF4F) followed by SIZ (FF51)
            if ((file[i] & 0xFF) == 0xFF && file[i + 1] == 0x4F && (file[i + 2] & 0xFF) == 0xFF && file[i + 3] == 0x51) {
                siz = i + 2;
                break;
            }
        }
        assertTrue(siz > 0);
        file[siz + 40] = 7;
        Path bad = java.nio.file.Files.createTempFile("j2k-8bit", ".dcm");
        java.nio.file.Files.write(bad, file);
        DicomParseException e = assertThrows(DicomParseException.class, () -> new SegReader().read(bad));
        assertTrue(e.getMessage().contains("1 component(s) of 8 bits"), e.getMessage());
    }

    @Test
    void aThresholdOutsideZeroToOneIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new SegReader(new DicomParser(),
                new io.proxyprompt.dicom.pixel.PixelDecoder()).read(resource("pydicom_liver_rle.dcm"), 1.5));
    }

    @Test
    void binarySegReadsWithoutFractions() throws Exception {
        SegDocument doc = new SegReader().read(resource("pydicom_liver_rle.dcm"));
        assertEquals(SegDocument.Type.BINARY, doc.type());
        assertNull(doc.fractional());
        assertNull(doc.frames().get(0).fractions());
    }
}
