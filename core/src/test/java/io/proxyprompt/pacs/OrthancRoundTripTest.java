package io.proxyprompt.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomTestSupport;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.application.BatchTarget;
import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.application.ExportItem;
import io.proxyprompt.application.ExportPlan;
import io.proxyprompt.application.ExportReport;
import io.proxyprompt.application.ExportService;
import io.proxyprompt.application.ExportWriter;
import io.proxyprompt.application.FrameOutcome;
import io.proxyprompt.application.ModelSegmentation;
import io.proxyprompt.common.AtomicFiles;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.export.SegFrames;
import io.proxyprompt.quality.AnatomicalRules;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.segment.ObjectMask;
import io.proxyprompt.segment.SupportPair;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.testing.OrthancServer;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole PACS round trip against a real Orthanc: upload the samples, search them, retrieve the CT series into a
 * workspace cache, segment it with the tiny model, store the SEG with STOW-RS, retrieve it again and find the same
 * masks pixel for pixel, and see through Orthanc's own REST API that the SEG sits in its source's study. A wrong
 * password and a stopped server are said in words and change nothing in the workspace.
 */
class OrthancRoundTripTest {

    private static final Path SAMPLES = Path.of(System.getProperty("proxyprompt.repo", "."), "samples");

    @TempDir
    static Path dir;
    static OrthancServer orthanc;

    @BeforeAll
    static void startOrthanc() throws Exception {
        orthanc = OrthancServer.start(dir);
    }

    @AfterAll
    static void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static DicomWebClient client(String password) throws PacsException {
        return new DicomWebClient(new PacsServer("Orthanc", orthanc.dicomWebRoot(),
                new Credentials.Basic(OrthancServer.USER, password)), new DicomParser());
    }

    private static List<Path> sampleFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("dicom", "series")) {
            try (Stream<Path> s = Files.list(SAMPLES.resolve(folder))) {
                files.addAll(s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList());
            }
        }
        return files;
    }

    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    files.put(root.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path root) throws IOException {
        Map<String, byte[]> after = snapshot(root);
        assertEquals(before.keySet(), after.keySet(), "no file added to or removed from the workspace");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void uploadSearchRetrieveSegmentStoreAndRetrieveTheSegAgain() throws Exception {
        DicomWebClient pacs = client(orthanc.password());
        CancellationToken never = CancellationToken.never();
        List<Path> samples = sampleFiles();
        StoreReport upload = pacs.store(samples, ProgressListener.NONE, never);
        assertTrue(upload.allStored(), upload.toString());
        assertEquals(samples.size(), upload.stored().size());

        DicomObject ct01 = new DicomParser().read(SAMPLES.resolve("series/ct_01.dcm"), false).dataset();
        String study = ct01.getString(Tag.StudyInstanceUID);
        String series = ct01.getString(Tag.SeriesInstanceUID);
        List<RemoteStudy> byName = pacs.searchStudies(new StudyQuery("phantom", null, null, null, null, null, 10), never);
        assertEquals(List.of(study), byName.stream().map(RemoteStudy::studyInstanceUid).toList());
        assertEquals("PHANTOM-CT", byName.get(0).patientId());
        assertEquals(8, byName.get(0).instanceCount());
        assertEquals(1, pacs.searchStudies(StudyQuery.patientId("SYN-0001"), never).size());
        assertEquals(3, pacs.searchStudies(new StudyQuery(null, null, LocalDate.of(2025, 12, 1),
                LocalDate.of(2026, 1, 31), null, null, 10), never).size());
        assertEquals(0, pacs.searchStudies(new StudyQuery(null, null, LocalDate.of(2027, 1, 1), null, null, null, 10),
                never).size());
        assertEquals(2, pacs.searchStudies(new StudyQuery(null, null, null, null, "xc", null, 10), never).size());
        assertEquals(List.of(study), pacs.searchStudies(new StudyQuery(null, null, null, null, null, "CT phantom", 10),
                never).stream().map(RemoteStudy::studyInstanceUid).toList());
        List<RemoteSeries> seriesList = pacs.searchSeries(study, never);
        assertEquals(1, seriesList.size());
        assertEquals(new RemoteSeries(study, series, "CT", "1", "Abdomen phantom with round liver lesion", 8),
                seriesList.get(0));
        assertEquals(8, pacs.searchInstances(study, series, never).size());

        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path cache = workspace.resolve("cache");
        List<Long> progress = new ArrayList<>();
        RetrievedSeries got = pacs.retrieveSeries(study, series, 8, cache, (d, t, m) -> progress.add(d), never);
        assertEquals(8, got.files().size());
        assertTrue(progress.contains(8L));
        for (Path sample : sampleFiles().stream().filter(p -> p.getParent().endsWith("series")).toList()) {
            String sop = new DicomParser().read(sample, false).sopInstanceUid();
            Path copy = got.folder().resolve(sop + ".dcm");
            assertArrayEquals(DicomTestSupport.decodeAll(sample).get(0), DicomTestSupport.decodeAll(copy).get(0),
                    "pixels of " + sample.getFileName() + " came back unchanged");
        }

        // Segment the retrieved series with the tiny model (it answers the quadrant its support mask covers), the
        // support being slice 1 with its top-left quadrant.
        Images images = new Images(List.of(new DicomImageReader(), new RasterImageReader()));
        ImageStack stack = images.open(got.folder(), ProgressListener.NONE, never).get(0);
        Frame slice1 = stack.frames().stream().filter(f -> f.origin().sopInstanceUid()
                .equals(ct01.getString(Tag.SOPInstanceUID))).findFirst().orElseThrow();
        Mask lesion = TinyModel.rect(slice1.width(), slice1.height(), 0, 0, slice1.width() / 2, slice1.height() / 2);
        SupportSet support = new SupportSet(List.of(new SupportPair("ct_01", slice1,
                List.of(new ObjectMask("lesion", lesion, "top-left quadrant")))));
        Path results = workspace.resolve("results");
        List<FrameOutcome.Segmented> outcomes = new ArrayList<>();
        ExportReport report;
        try (ModelSegmentation engine = ModelSegmentation.open(TinyModel.copyTo(dir.resolve("model")),
                new ModelSegmentation.Settings(ExecutionDevice.CPU, 1, 0, 0.5, false))) {
            ExportWriter writer = new ExportService(new DicomSegExport(new SegWriter(new DicomWriter()),
                    new DicomParser(), SegOptions.defaults("test")), AnatomicalRules.enabled(false)).open(
                    new ExportPlan(results, EnumSet.of(ExportFormat.SEG), List.of(new ExportPlan.LabelGroup("support",
                            List.of("lesion"))), "tiny", "1"), AtomicFiles.Existing.replaceIf(true));
            List<String> failures = new ArrayList<>();
            engine.run(support, List.of(BatchTarget.file("ct", "ct", got.folder(), images)), ProgressListener.NONE,
                    never, outcome -> {
                        if (outcome instanceof FrameOutcome.Segmented s) {
                            outcomes.add(s);
                            try {
                                writer.write(ExportItem.of(s));
                            } catch (IOException e) {
                                failures.add(e.getMessage());
                            }
                        } else {
                            failures.add(outcome.toString());
                        }
                    });
            report = writer.finish();
            assertEquals(List.of(), failures);
        }
        List<Path> segs = report.written().stream().filter(p -> p.toString().endsWith("_seg.dcm")).toList();
        assertEquals(1, segs.size(), report.toString());
        SegDocument written = new SegReader().read(segs.get(0));

        StoreReport stored = pacs.store(segs, ProgressListener.NONE, never);
        assertEquals(List.of(written.sopInstanceUid()), stored.stored(), stored.toString());

        RemoteSeries segSeries = pacs.searchSeries(study, never).stream().filter(RemoteSeries::isSegmentation)
                .findFirst().orElseThrow();
        assertEquals(written.seriesInstanceUid(), segSeries.seriesInstanceUid());
        RetrievedSeries back = pacs.retrieveSeries(study, segSeries.seriesInstanceUid(), 1, cache, ProgressListener.NONE,
                never);
        SegDocument again = new SegReader().read(back.files().get(0));
        assertEquals(written.frames().size(), again.frames().size());
        for (int i = 0; i < written.frames().size(); i++) {
            SegDocument.Frame a = written.frames().get(i);
            SegDocument.Frame b = again.frames().get(i);
            assertEquals(a.sourceSopInstanceUid(), b.sourceSopInstanceUid());
            assertArrayEquals(a.mask().pixels(), b.mask().pixels(), "frame " + i + " pixel for pixel");
        }
        for (FrameOutcome.Segmented o : outcomes) {
            Mask m = o.result().mask("lesion");
            if (m != null && !m.isEmpty()) {
                assertEquals(m, SegFrames.toMask(again.mask(1, o.image().origin().sopInstanceUid(), 0).orElseThrow()),
                        "the segmenter's mask");
            }
        }

        // Orthanc's own view: the SEG is an instance of the source's study, next to the CT series it references.
        JsonNode found = orthanc.post("/tools/lookup", again.sopInstanceUid());
        assertEquals("Instance", found.get(0).get("Type").asText());
        JsonNode segStudy = orthanc.get("/instances/" + found.get(0).get("ID").asText() + "/study");
        assertEquals(study, segStudy.get("MainDicomTags").get("StudyInstanceUID").asText());
        List<String> seriesInStudy = new ArrayList<>();
        for (JsonNode s : orthanc.get("/studies/" + segStudy.get("ID").asText() + "/series")) {
            seriesInStudy.add(s.get("MainDicomTags").get("SeriesInstanceUID").asText() + " "
                    + s.get("MainDicomTags").get("Modality").asText());
        }
        assertEquals(List.of(series + " CT", segSeries.seriesInstanceUid() + " SEG"),
                seriesInStudy.stream().sorted(Comparator.comparing(x -> x.endsWith("SEG"))).toList());
        DicomObject segHeader = new DicomParser().read(back.files().get(0), false).dataset();
        DicomObject refSeries = segHeader.getItem(Tag.ReferencedSeriesSequence);
        assertEquals(series, refSeries.getString(Tag.SeriesInstanceUID));
        for (DicomObject ref : refSeries.getSequence(Tag.ReferencedInstanceSequence)) {
            JsonNode source = orthanc.post("/tools/lookup", ref.getString(Tag.ReferencedSOPInstanceUID));
            assertEquals("Instance", source.get(0).get("Type").asText(), "the referenced instance is on the PACS");
        }
    }

    @Test
    void wrongPasswordIsRefusedInWordsAndTheWorkspaceIsIntact() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("workspace-wrong"));
        Files.writeString(workspace.resolve("session.json"), "{\"kept\": true}");
        var before = snapshot(workspace);
        DicomWebClient wrong = client("not-the-password");
        PacsException e = assertThrows(PacsException.class,
                () -> wrong.searchStudies(StudyQuery.all(), CancellationToken.never()));
        assertEquals(PacsException.Kind.AUTHENTICATION, e.kind());
        assertTrue(e.getMessage().contains("refused the user name and password") && e.getMessage().contains("401"),
                e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        e = assertThrows(PacsException.class, () -> wrong.retrieveSeries("1.2.3", "1.2.3.4", -1,
                workspace.resolve("cache"), ProgressListener.NONE, CancellationToken.never()));
        assertEquals(PacsException.Kind.AUTHENTICATION, e.kind());
        assertUnchanged(before, workspace);
        assertFalse(Files.exists(workspace.resolve("cache")), "no empty cache folder left behind");
    }

    @Test
    void stoppedServerIsSaidInWordsAndTheWorkspaceIsIntact() throws Exception {
        Path own = Files.createDirectories(dir.resolve("second"));
        OrthancServer second = OrthancServer.start(own);
        DicomWebClient pacs = new DicomWebClient(new PacsServer("Second", second.dicomWebRoot(),
                new Credentials.Basic(OrthancServer.USER, second.password())), new DicomParser(), 1,
                java.time.Duration.ofMillis(50));
        assertNotNull(pacs.searchStudies(StudyQuery.all(), CancellationToken.never()));
        second.close();
        Path workspace = Files.createDirectories(dir.resolve("workspace-down"));
        Files.writeString(workspace.resolve("session.json"), "{}");
        var before = snapshot(workspace);
        PacsException e = assertThrows(PacsException.class, () -> pacs.retrieveSeries("1.2.3", "1.2.3.4", -1,
                workspace, ProgressListener.NONE, CancellationToken.never()));
        assertEquals(PacsException.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("cannot connect to PACS 'Second'") && e.getMessage().contains("not running"),
                e.getMessage());
        assertUnchanged(before, workspace);
        try (Stream<Path> s = Files.list(workspace)) {
            assertEquals(List.of(workspace.resolve("session.json")), s.toList(), "no folder left behind");
        }
    }
}
