package io.proxyprompt.application;

import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.quality.QualityReport;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The writer thread writes every queued frame in order, and a frame it cannot write is reported, not lost silently. */
class QueuedExportWriterTest {

    @TempDir
    Path tmp;

    private final ExportService service = new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()),
            new DicomParser(), SegOptions.defaults("test")), AnatomicalRules.defaults());

    private static ExportItem item(String name, Mask disc) {
        return new ExportItem(name, 0, 1, TinyModel.frame(40, 30, 2), Map.of("disc", disc), Map.of("disc", 0.9f),
                new QualityReport(Map.of()), Set.of(), false);
    }

    @Test
    void everyQueuedFrameIsWrittenAndAnExistingFileIsReportedByTarget() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("t3"));
        Files.writeString(out.resolve("t3/disc.png"), "kept");
        ExportPlan plan = new ExportPlan(out, EnumSet.of(ExportFormat.PNG, ExportFormat.CSV), List.of(), "m", "1");
        QueuedExportWriter writer = new QueuedExportWriter(service.open(plan, AtomicFiles.Existing.REFUSE), 1);
        for (int i = 0; i < 6; i++) {
            writer.write(item("t" + i, TinyModel.rect(40, 30, 0, 0, 5 + i, 10)));
        }
        ExportReport report = writer.finish();
        for (int i = 0; i < 6; i++) {
            if (i != 3) {
                assertEquals(TinyModel.rect(40, 30, 0, 0, 5 + i, 10), MaskFiles.read(out.resolve("t" + i + "/disc.png")));
            }
        }
        assertEquals("kept", Files.readString(out.resolve("t3/disc.png")));
        assertEquals(1, writer.failures().size());
        assertEquals("t3", writer.failures().get(0).target());
        assertInstanceOf(FileAlreadyExistsException.class, writer.failures().get(0).error());
        List<String> rows = Files.readAllLines(out.resolve("measurements.csv"));
        assertEquals(List.of("t0", "t1", "t2", "t4", "t5"), rows.stream().skip(1).map(r -> r.split(",")[0]).toList(),
                "rows in the order the frames came, without the frame that could not be written");
        assertEquals(6, report.written().size(), "5 masks and the table");
    }
}
