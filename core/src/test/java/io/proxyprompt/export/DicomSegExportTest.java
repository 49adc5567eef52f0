package io.proxyprompt.export;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.dicom.seg.SegmentInfo;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DicomSegExportTest {

    @TempDir
    Path tmp;

    private final DicomSegExport export = new DicomSegExport(new SegWriter(new DicomWriter()), new DicomParser(),
            SegOptions.defaults("test"));

    @Test
    void seriesMasksBecomeOneSegWithEditedObjectsMarkedSemiautomatic() throws Exception {
        ImageStack ct = new DicomImageReader().read(resource("series_ct/17106.dcm").getParent(), ProgressListener.NONE,
                CancellationToken.never()).get(0);
        List<Mask> disc = new ArrayList<>();
        List<Mask> cup = new ArrayList<>();
        for (int i = 0; i < ct.frameCount(); i++) {
            Mask d = new Mask(16, 16);
            d.set(i, i, true);
            disc.add(d);
            cup.add(i == 2 ? d.copy() : null);
        }
        Map<String, List<Mask>> masks = new LinkedHashMap<>();
        masks.put("disc", disc);
        masks.put("cup", cup);
        List<Path> files = export.export(ct, masks, Set.of("cup"), new DicomSegExport.Algorithm("proxyprompt-small", "0.1"),
                tmp, ProgressListener.NONE, CancellationToken.never());
        assertEquals(1, files.size());
        SegDocument doc = new SegReader().read(files.get(0));
        assertEquals(SegmentInfo.AlgorithmType.AUTOMATIC, doc.segment(1).orElseThrow().algorithmType());
        assertEquals(SegmentInfo.AlgorithmType.SEMIAUTOMATIC, doc.segment(2).orElseThrow().algorithmType());
        assertEquals("proxyprompt-small 0.1", doc.segment(1).orElseThrow().algorithmName());
        for (int i = 0; i < ct.frameCount(); i++) {
            FrameOrigin o = ct.frame(i).origin();
            assertEquals(disc.get(i), SegFrames.toMask(doc.mask(1, o.sopInstanceUid(), o.frameIndex()).orElseThrow()));
            assertEquals(i == 2, doc.mask(2, o.sopInstanceUid(), o.frameIndex()).isPresent());
        }
    }

    @Test
    void photographsThatAreNotDicomAreRefusedWithAdvice() {
        Frame photo = Frame.photo(4, 4, 3, new byte[48], new FrameOrigin(tmp.resolve("a.jpg"), null, 0));
        ImageStack stack = new ImageStack("a", tmp.resolve("a.jpg"), List.of(photo), ImageStack.Kind.PHOTO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> export.export(stack,
                Map.of("disc", List.of(new Mask(4, 4))), Set.of(), new DicomSegExport.Algorithm("m", "1"), tmp,
                ProgressListener.NONE, CancellationToken.never()));
        assertTrue(e.getMessage().contains("DICOM SEG needs DICOM sources"), e.getMessage());
    }
}
