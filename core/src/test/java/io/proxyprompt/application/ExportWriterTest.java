package io.proxyprompt.application;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QcFlag;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.proxyprompt.dicom.DicomTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one export: layout, measurements table, label maps per support set and DICOM SEG. */
class ExportWriterTest {

    @TempDir
    Path tmp;

    private final ExportService service = new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()),
            new DicomParser(), SegOptions.defaults("test")), AnatomicalRules.defaults());

    private ExportPlan plan(Set<ExportFormat> formats, List<ExportPlan.LabelGroup> groups) {
        return new ExportPlan(tmp.resolve("out"), formats, groups, "proxyprompt-small", "0.1.0");
    }

    private static ExportItem photo(String name, Map<String, Mask> masks, Set<String> edited, QualityReport q) {
        Frame f = TinyModel.frame(50, 50, 3);
        Map<String, Float> iou = new LinkedHashMap<>();
        masks.keySet().forEach(o -> iou.put(o, 0.875f));
        return new ExportItem(name, 0, 1, f, masks, iou, q, edited, true);
    }

    @Test
    void theTableHasOneSchemaWithRatiosOnlyOnDiscAndCupRows() throws Exception {
        Map<String, Mask> masks = new LinkedHashMap<>();
        masks.put("disc", TinyModel.rect(50, 50, 10, 10, 40, 40));
        masks.put("cup", TinyModel.rect(50, 50, 20, 19, 30, 34));
        masks.put("vessel", TinyModel.rect(50, 50, 0, 0, 50, 2));
        QualityReport q = new QualityReport(Map.of("cup", List.of(QcFlag.LOW_CONFIDENCE)));
        ExportWriter w = service.open(plan(EnumSet.of(ExportFormat.CSV), List.of()), AtomicFiles.Existing.REFUSE);
        w.write(photo("IDRiD_17", masks, Set.of("disc"), q));
        w.finish();
        List<String> rows = Files.readAllLines(tmp.resolve("out/measurements.csv"));
        assertEquals(MeasurementsCsv.HEADER, rows.get(0));
        assertEquals("IDRiD_17,1,disc,900,,,0.5000,0.3333,0.8333,,,true,true", rows.get(1),
                "an edited mask has no model confidence; no pixel size: no mm²");
        assertEquals("IDRiD_17,1,cup,150,,0.8750,0.5000,0.3333,0.8333,,low_confidence,false,true", rows.get(2));
        assertTrue(rows.get(3).startsWith("IDRiD_17,1,vessel,100,,0.8750,,,,"), rows.get(3));
        assertEquals(4, rows.size());
    }

    @Test
    void aSpeckLeftAfterErasingDoesNotStretchTheCupToDiscRatio() throws Exception {
        Mask disc = TinyModel.rect(50, 50, 10, 10, 40, 40);
        Mask cup = TinyModel.rect(50, 50, 20, 20, 30, 30);
        cup.set(12, 11, true);
        cup.set(12, 38, true);
        Measurements m = Measurements.of(Map.of("disc", disc, "cup", cup), TinyModel.frame(50, 50, 3),
                AnatomicalRules.defaults());
        assertEquals(10 / 30.0, m.verticalCdr().getAsDouble(), 1e-9);
        Measurements raw = Measurements.of(Map.of("disc", disc, "cup", cup), TinyModel.frame(50, 50, 3),
                AnatomicalRules.none());
        assertEquals(28 / 30.0, raw.verticalCdr().getAsDouble(), 1e-9, "without the rules every pixel counts");
        ExportWriter w = service.open(plan(EnumSet.of(ExportFormat.CSV), List.of()), AtomicFiles.Existing.REFUSE);
        Map<String, Mask> edited = new LinkedHashMap<>(Map.of("disc", disc, "cup", cup));
        assertEquals(10 / 30.0, w.measurements(photo("edited", edited, Set.of("cup"), QualityReport.CLEAN))
                .verticalCdr().getAsDouble(), 1e-9, "a hand-edited item is not taken as tidied: the export tidies it");
    }

    @Test
    void labelMapsAreOnePerSupportSetSoVesselsNeverOverwriteTheDisc() throws Exception {
        Map<String, Mask> masks = new LinkedHashMap<>();
        masks.put("disc", TinyModel.rect(50, 50, 10, 10, 40, 40));
        masks.put("cup", TinyModel.rect(50, 50, 20, 20, 30, 30));
        masks.put("vessel", TinyModel.rect(50, 50, 0, 15, 50, 17));
        ExportPlan p = plan(EnumSet.of(ExportFormat.LABEL_MAP, ExportFormat.PNG), List.of(
                new ExportPlan.LabelGroup("Disc + cup", List.of("disc", "cup")),
                new ExportPlan.LabelGroup("Vessels", List.of("vessel"))));
        ExportWriter w = service.open(p, AtomicFiles.Existing.REFUSE);
        w.write(photo("eye", masks, Set.of(), QualityReport.CLEAN));
        w.finish();
        Path dir = tmp.resolve("out/eye");
        Mat discCup = Imgcodecs.imread(dir.resolve("labels_Disc_cup.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
        Mat vessels = Imgcodecs.imread(dir.resolve("labels_Vessels.png").toString(), Imgcodecs.IMREAD_UNCHANGED);
        try {
            int disc = 0;
            int labelled = 0;
            for (int y = 0; y < 50; y++) {
                for (int x = 0; x < 50; x++) {
                    int v = (int) discCup.get(y, x)[0];
                    labelled += v == 1 || v == 2 ? 1 : 0;
                    disc += masks.get("disc").get(x, y) ? 1 : 0;
                }
            }
            assertEquals(disc, labelled, "the disc is labels 1 and 2 (the cup drawn over it), never lost to vessels");
            assertEquals(2.0, discCup.get(25, 25)[0], "the cup wins inside the disc");
            assertEquals(1.0, vessels.get(16, 5)[0]);
        } finally {
            discCup.release();
            vessels.release();
        }
        assertEquals(masks.get("disc"), MaskFiles.read(dir.resolve("disc.png")), "the PNG of each object is whole");
    }

    @Test
    void aDicomTargetGetsOneSegAndFilesAreNeverReplacedUnasked() throws Exception {
        ImageStack mr = new DicomImageReader().read(resource("pydicom_emri_small.dcm"), ProgressListener.NONE,
                CancellationToken.never()).get(0);
        ExportPlan p = plan(EnumSet.of(ExportFormat.SEG, ExportFormat.PNG, ExportFormat.CSV), List.of());
        ExportWriter w = service.open(p, AtomicFiles.Existing.REFUSE);
        Mask seven = null;
        for (int i = 0; i < mr.frameCount(); i++) {
            Mask d = new Mask(64, 64);
            d.set(i, 2 * i, true);
            seven = i == 7 ? d : seven;
            Map<String, Mask> masks = new LinkedHashMap<>();
            masks.put("disc", d);
            masks.put("vessel", new Mask(64, 64));
            w.write(new ExportItem("emri", i, mr.frameCount(), mr.frame(i), masks, Map.of(), QualityReport.CLEAN,
                    Set.of(), false));
        }
        ExportReport report = w.finish();
        Path seg = tmp.resolve("out/emri/emri_seg.dcm");
        assertTrue(report.written().contains(seg), report.written().toString());
        assertTrue(Files.exists(tmp.resolve("out/emri/disc_f010.png")), "multi-frame masks are numbered");
        SegDocument doc = new SegReader().read(seg);
        assertEquals(10, doc.frames().size(), "vessel is empty everywhere: only the disc frames");
        assertEquals("proxyprompt-small 0.1.0", doc.segment(1).orElseThrow().algorithmName());
        assertEquals(seven, SegFrames.toMask(doc.mask(1, mr.frame(7).origin().sopInstanceUid(), 7).orElseThrow()));
        List<ExportItem> again = List.of(new ExportItem("emri", 0, mr.frameCount(), mr.frame(0),
                Map.of("disc", seven), Map.of(), QualityReport.CLEAN, Set.of(), false));
        assertTrue(ExportService.existing(p, again).contains(seg), "the overwrite check names the SEG");
        ExportWriter second = service.open(p, AtomicFiles.Existing.REFUSE);
        assertThrows(FileAlreadyExistsException.class, () -> second.write(again.get(0)));
    }

    @Test
    void whatIsNotWrittenIsSaidWithWhy() throws Exception {
        ExportPlan p = plan(EnumSet.of(ExportFormat.SEG, ExportFormat.CSV), List.of());
        ExportWriter w = service.open(p, AtomicFiles.Existing.REFUSE);
        w.write(photo("photo", Map.of("disc", TinyModel.rect(50, 50, 1, 1, 4, 4)), Set.of(), QualityReport.CLEAN));
        ImageStack mr = new DicomImageReader().read(resource("pydicom_emri_small.dcm"), ProgressListener.NONE,
                CancellationToken.never()).get(0);
        w.write(new ExportItem("blank", 0, 1, mr.frame(0), Map.of("disc", new Mask(64, 64)), Map.of(),
                QualityReport.CLEAN, Set.of(), false));
        ExportReport r = w.finish();
        assertTrue(r.warnings().stream().anyMatch(x -> x.startsWith("photo: no DICOM SEG (a photograph")),
                r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(x -> x.startsWith("blank: no DICOM SEG written: every mask is empty")),
                r.warnings().toString());
        assertFalse(Files.exists(tmp.resolve("out/photo/disc.png")), "no PNG was asked for");
    }
}
