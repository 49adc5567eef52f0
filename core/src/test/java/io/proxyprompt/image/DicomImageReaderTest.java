package io.proxyprompt.image;

import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.Uids;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.CancelledException;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomImageReaderTest {

    @TempDir
    Path tmp;

    private final DicomImageReader reader = new DicomImageReader();

    private static List<ImageStack> read(DicomImageReader r, Path p) throws ImageLoadException {
        return r.read(p, ProgressListener.NONE, CancellationToken.never());
    }

    /** A 2x2 slice whose every pixel holds {@code value}, so the display order can be read back from the pixels. */
    private Path slice(Path dir, String name, String series, String study, double[] iop, double[] ipp, int instance,
                       int value) throws Exception {
        byte[] px = new byte[8];
        for (int i = 0; i < 4; i++) {
            px[2 * i] = (byte) value;
            px[2 * i + 1] = (byte) (value >> 8);
        }
        DicomObject ds = DicomTestSupport.image(2, 2, 1, 16, false, "MONOCHROME2", 1, px);
        ds.setString(Tag.SeriesInstanceUID, series);
        ds.setString(Tag.StudyInstanceUID, study);
        ds.setString(Tag.SeriesDescription, "series " + series.substring(series.length() - 4));
        ds.setInt(Tag.InstanceNumber, instance);
        if (iop != null) {
            ds.setDouble(Tag.ImageOrientationPatient, iop);
            ds.setDouble(Tag.ImagePositionPatient, ipp);
        }
        Path file = dir.resolve(name);
        new DicomWriter().write(file, ds);
        return file;
    }

    private static int[] firstPixels(ImageStack s) {
        return s.frames().stream().mapToInt(f -> f.pixels().sample(0)).toArray();
    }

    @Test
    void folderIsGroupedBySeriesAndSortedAlongTheSliceNormal() throws Exception {
        String study = Uids.create();
        String coronal = Uids.create();
        String noGeometry = Uids.create();
        double[] iop = {1, 0, 0, 0, 0, -1}; // coronal: normal = row x col = (0, 1, 0)
        // Instance numbers deliberately disagree with the positions along y.
        slice(tmp, "a.dcm", coronal, study, iop, new double[] {0, 30, 0}, 1, 300);
        slice(tmp, "b.dcm", coronal, study, iop, new double[] {5, -5, 9}, 2, 100);
        slice(tmp, "c.dcm", coronal, study, iop, new double[] {0, 10, 0}, 3, 200);
        slice(tmp, "d.dcm", noGeometry, study, null, null, 7, 70);
        slice(tmp, "e.dcm", noGeometry, study, null, null, 2, 20);
        Files.writeString(tmp.resolve("README.txt"), "not an image", StandardCharsets.UTF_8);
        Files.copy(resource("highdicom_seg_image_ct_binary.dcm"), tmp.resolve("seg.dcm"));

        assertTrue(reader.canRead(tmp));
        List<ImageStack> stacks = read(reader, tmp);
        assertEquals(2, stacks.size(), "the SEG and the text file are not image series");
        ImageStack first = stacks.stream().filter(s -> s.frameCount() == 3).findFirst().orElseThrow();
        assertEquals(List.of(100, 200, 300), java.util.Arrays.stream(firstPixels(first)).boxed().toList());
        ImageStack second = stacks.stream().filter(s -> s.frameCount() == 2).findFirst().orElseThrow();
        assertEquals(List.of(20, 70), java.util.Arrays.stream(firstPixels(second)).boxed().toList(),
                "without geometry: by Instance Number");
        for (ImageStack s : stacks) {
            assertEquals(ImageStack.Kind.DICOM, s.kind());
            for (Frame f : s.frames()) {
                assertTrue(f.origin().isDicom());
                assertEquals(new DicomParser().read(f.origin().file(), false).sopInstanceUid(), f.origin().sopInstanceUid());
            }
        }
    }

    @Test
    void realCtSeriesIsSortedByPositionAndKeepsRescale() throws Exception {
        Path dir = resource("series_ct/17106.dcm").getParent();
        ImageStack s = read(reader, dir).get(0);
        assertEquals(4, s.frameCount());
        double last = Double.NEGATIVE_INFINITY;
        for (Frame f : s.frames()) {
            double z = new DicomParser().read(f.origin().file(), false).dataset().getDoubles(Tag.ImagePositionPatient)[2];
            assertTrue(z > last, "ascending along the normal");
            last = z;
        }
        Frame ct = read(reader, resource("pydicom_CT_small.dcm")).get(0).frame(0);
        assertEquals(-1024, ct.rescaleIntercept());
        assertEquals(1, ct.rescaleSlope());
    }

    @Test
    void multiFrameFileGivesOneStackWithAFramePerFrame() throws Exception {
        ImageStack s = read(reader, resource("pydicom_emri_small.dcm")).get(0);
        assertEquals(10, s.frameCount());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, s.frame(i).origin().frameIndex());
        }
        assertNotNull(FrameRenderer.toRgb8(s.frame(3)));
        ImageStack us = read(reader, resource("pydicom_examples_ybr_color.dcm")).get(0);
        assertEquals(30, us.frameCount());
        assertEquals(3, us.frame(0).channels());
    }

    @Test
    void windowAndMonochrome1ReachTheFrame() throws Exception {
        DicomObject ds = DicomTestSupport.image(1, 2, 1, 16, false, "MONOCHROME1", 1, new byte[] {0, 0, (byte) 0xE8, 3});
        ds.setDouble(Tag.WindowCenter, 500);
        ds.setDouble(Tag.WindowWidth, 1000);
        ds.setDouble(Tag.RescaleSlope, 2);
        ds.setDouble(Tag.RescaleIntercept, -10);
        Path file = tmp.resolve("m1.dcm");
        new DicomWriter().write(file, ds);
        Frame f = read(reader, file).get(0).frame(0);
        assertTrue(f.invert());
        assertEquals(new Frame.Window(500, 1000), f.window());
        assertEquals(2, f.rescaleSlope());
        assertEquals(-10, f.rescaleIntercept());
        byte[] rgb = FrameRenderer.toRgb8(f);
        assertEquals(255, rgb[0] & 0xFF, "0 -> -10 -> below the window -> black -> inverted to white");
    }

    @Test
    void cancellingStopsReadingAFolder() throws Exception {
        Files.copy(resource("pydicom_CT_small.dcm"), tmp.resolve("ct.dcm"));
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThrows(CancelledException.class, () -> reader.read(tmp, ProgressListener.NONE, token));
    }

    @Test
    void folderWithoutDicomImagesSaysSo() throws Exception {
        Files.writeString(tmp.resolve("a.txt"), "nothing", StandardCharsets.UTF_8);
        assertFalse(reader.canRead(tmp.resolve("a.txt")));
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(reader, tmp));
        assertTrue(e.getMessage().contains("no DICOM images found"), e.getMessage());
    }

    @Test
    void segIsNotOpenedAsAnImageAndSaysWhatItIs() throws Exception {
        Path seg = resource("highdicom_seg_image_ct_binary.dcm");
        assertTrue(reader.notAnImage(seg).orElseThrow().contains("DICOM Segmentation (SEG)"));
        assertTrue(reader.notAnImage(resource("pydicom_CT_small.dcm")).isEmpty());
        ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(reader, seg));
        assertTrue(e.getMessage().contains("holds masks, not an image, so it is not segmented"), e.getMessage());
        Path labelMap = resource("highdicom_seg_image_sm_control_labelmap.dcm");
        assertTrue(reader.notAnImage(labelMap).isPresent(), "label-map SEG too");
    }

    @Test
    void numberOfFramesZeroOrNegativeIsRefused() throws Exception {
        for (String frames : new String[] {"0", "-5"}) {
            Path file = io.proxyprompt.dicom.DicomMutants.imageWith(tmp, "pydicom_MR_small_implicit.dcm",
                    Tag.NumberOfFrames, frames);
            ImageLoadException e = assertThrows(ImageLoadException.class, () -> read(reader, file));
            assertTrue(e.getMessage().contains("Number of Frames " + frames + " is invalid"), e.getMessage());
        }
    }
}
