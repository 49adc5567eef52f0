package io.proxyprompt.dicom;

import io.proxyprompt.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.proxyprompt.dicom.DicomTestSupport.decodeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhotoWriterTest {

    @TempDir
    Path tmp;

    @Test
    void fundusPhotographBecomesAValidVlPhotographicImage() throws Exception {
        int w = 80;
        int h = 60;
        byte[] rgb = DicomTestSupport.fundusRgb(w, h);
        Path file = tmp.resolve("fundus.dcm");
        DicomObject ds = new PhotoWriter(new DicomWriter()).write(file, w, h, rgb,
                new PhotoWriter.Subject("Doe^John", "P7", "Fundus", "L"));
        DicomFile back = new DicomParser().read(file);
        assertEquals(Uids.VL_PHOTOGRAPHIC_IMAGE_STORAGE, back.sopClassUid());
        assertEquals(ds.getString(Tag.SOPInstanceUID), back.sopInstanceUid());
        int[] expected = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            expected[i] = rgb[i] & 0xFF;
        }
        assertArrayEquals(expected, decodeAll(file).get(0));

        ExternalTools.assumeOnPath("dciodvfy");
        String report = DicomTestSupport.run("dciodvfy", file.toString()).output();
        assertTrue(report.lines().noneMatch(l -> l.startsWith("Error")), report);
    }

    @Test
    void wrongBufferSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PhotoWriter(
                new DicomWriter()).write(tmp.resolve("x.dcm"), 4, 4, new byte[10], PhotoWriter.Subject.anonymous()));
        assertTrue(e.getMessage().contains("48"), e.getMessage());
    }
}
