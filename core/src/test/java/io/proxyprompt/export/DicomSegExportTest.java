package io.proxyprompt.export;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.dicom.seg.SegmentInfo;
import io.proxyprompt.inference.ModelSpec;
import io.proxyprompt.preprocess.Normalization;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.BatchResult;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
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
            assertEquals(disc.get(i), doc.mask(1, o.sopInstanceUid(), o.frameIndex()).orElseThrow());
            assertEquals(i == 2, doc.mask(2, o.sopInstanceUid(), o.frameIndex()).isPresent());
        }
    }

    @Test
    void segmentFormatSegSeamWritesOneSegPerTargetUnderItsFolder() throws Exception {
        ImageStack mr = new DicomImageReader().read(resource("pydicom_emri_small.dcm"), ProgressListener.NONE,
                CancellationToken.never()).get(0);
        Mask supportMask = new Mask(64, 64);
        supportMask.set(5, 5, true);
        SupportSet support = SupportSet.of(new SupportPair("s", mr.frame(0), List.of(new ObjectMask("disc", supportMask),
                new ObjectMask("vessel", supportMask))));
        List<SegmentationResult> frames = new ArrayList<>();
        for (int i = 0; i < mr.frameCount(); i++) {
            Mask d = new Mask(64, 64);
            d.set(i, 2 * i, true);
            frames.add(new SegmentationResult("emri_f" + i, mr.frame(i).origin(), List.of(
                    new SegmentationResult.ObjectResult("disc", d, 0.9f),
                    new SegmentationResult.ObjectResult("vessel", new Mask(64, 64), 0.1f)), null));
        }
        DicomSegExporter seam = new DicomSegExporter(export);
        ModelSpec model = new ModelSpec("proxyprompt-small", "0.1.0", 256, 96, 16, 256, 64, Normalization.SAM, 4, 17,
                Map.of(), "test", Map.of());
        seam.export(support, new BatchResult.Success("emri", frames), model, tmp, false);
        Path seg = tmp.resolve("emri").resolve("emri_seg.dcm");
        SegDocument doc = new SegReader().read(seg);
        assertEquals(10, doc.frames().size(), "vessel is empty everywhere: only the disc frames");
        assertEquals("proxyprompt-small 0.1.0", doc.segment(1).orElseThrow().algorithmName());
        assertEquals(frames.get(7).mask("disc"), doc.mask(1, mr.frame(7).origin().sopInstanceUid(), 7).orElseThrow());
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> seam.export(support, new BatchResult.Success("emri", frames), model, tmp, false));
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
