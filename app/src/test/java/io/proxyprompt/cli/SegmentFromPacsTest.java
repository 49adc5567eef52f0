package io.proxyprompt.cli;

import io.proxyprompt.Main;
import io.proxyprompt.application.ModelLocator;
import com.fasterxml.jackson.databind.JsonNode;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.dicom.seg.SegDocument;
import io.proxyprompt.dicom.seg.SegReader;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.OrthancServer;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code segment --pacs URL --study UID --send} against a real Orthanc: retrieve, segment, store the SEG. */
class SegmentFromPacsTest {

    private static final Path SERIES = Path.of(System.getProperty("proxyprompt.repo", "."), "samples/series");

    @TempDir
    static Path dir;
    static OrthancServer orthanc;
    static String study;

    @BeforeAll
    static void startOrthancWithTheCtSeries() throws Exception {
        orthanc = OrthancServer.start(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(SERIES)) {
            files = s.sorted().toList();
        }
        new DicomWebClient(new PacsServer("Orthanc", orthanc.dicomWebRoot(), new Credentials.Basic(OrthancServer.USER,
                orthanc.password())), new DicomParser()).store(files, ProgressListener.NONE, CancellationToken.never());
        study = new DicomParser().read(files.get(0), false).dataset().getString(Tag.StudyInstanceUID);
    }

    @AfterAll
    static void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static SegmentCommand command(Map<String, String> env) {
        Images images = new Images(List.of(new DicomImageReader(), new RasterImageReader()));
        return new SegmentCommand(images, new ModelLocator(dir, null), Main.exportService(new DicomParser()),
                Optional.empty(), env);
    }

    private static Path quadrantSupport() throws Exception {
        Path support = dir.resolve("support");
        Files.createDirectories(support);
        Path mask = CliFixtures.mask(support.resolve("lesion.png"), TinyModel.rect(128, 128, 0, 0, 64, 64));
        return mask;
    }

    @Test
    void segmentsAStudyFromThePacsAndStoresTheSegInIt() throws Exception {
        Path model = TinyModel.copyTo(dir.resolve("m1"));
        Path mask = quadrantSupport();
        Path out = dir.resolve("out");
        CliFixtures io = new CliFixtures();
        int rc = io.run(command(Map.of(PacsSteps.USER_ENV, OrthancServer.USER, PacsSteps.PASSWORD_ENV,
                        orthanc.password())),
                "--support", SERIES.resolve("ct_01.dcm").toString(), "--mask", "lesion=" + mask,
                "--out", out.toString(), "--model", model.toString(), "--device", "cpu",
                "--pacs", orthanc.dicomWebRoot().toString(), "--study", study, "--send");
        assertEquals(0, rc, io.err());
        assertTrue(io.err().contains("retrieved series 1 (CT, Abdomen phantom with round liver lesion): 8 instance(s)"),
                io.err());
        assertTrue(io.out().contains("_seg.dcm -> stored on 127.0.0.1"), io.out());
        assertFalse(io.out().contains(orthanc.password()) || io.err().contains(orthanc.password()));

        Path seg;
        try (Stream<Path> s = Files.walk(out)) {
            seg = s.filter(p -> p.toString().endsWith("_seg.dcm")).findFirst().orElseThrow();
        }
        SegDocument doc = new SegReader().read(seg);
        JsonNode found = orthanc.post("/tools/lookup", doc.sopInstanceUid());
        JsonNode segStudy = orthanc.get("/instances/" + found.get(0).get("ID").asText() + "/study");
        assertEquals(study, segStudy.get("MainDicomTags").get("StudyInstanceUID").asText());
        assertTrue(doc.frames().stream().allMatch(f -> f.sourceSopInstanceUid() != null));
        for (SegDocument.Frame f : doc.frames()) {
            assertEquals("Instance", orthanc.post("/tools/lookup", f.sourceSopInstanceUid()).get(0).get("Type")
                    .asText(), "the SEG references the retrieved instances");
        }
    }

    @Test
    void aWrongPasswordExitsFourAndSaysWhy() throws Exception {
        Path model = TinyModel.copyTo(dir.resolve("m2"));
        Path mask = quadrantSupport();
        CliFixtures io = new CliFixtures();
        int rc = io.run(command(Map.of(PacsSteps.USER_ENV, OrthancServer.USER, PacsSteps.PASSWORD_ENV, "wrong")),
                "--support", SERIES.resolve("ct_01.dcm").toString(), "--mask", "lesion=" + mask,
                "--out", dir.resolve("out2").toString(), "--model", model.toString(),
                "--pacs", orthanc.dicomWebRoot().toString(), "--study", study);
        assertEquals(Command.PACS_ERROR, rc);
        assertTrue(io.err().contains("refused the user name and password"), io.err());
        assertFalse(Files.exists(dir.resolve("out2").resolve("pacs")), "nothing retrieved, nothing left");
    }

    @Test
    void pacsOptionsAreCheckedBeforeAnythingRuns() {
        CliFixtures io = new CliFixtures();
        assertEquals(2, io.run(command(Map.of()), "--support", "a.png", "--mask", "x=m.png", "--out", "o", "--send",
                "t.png"));
        assertTrue(io.err().contains("--send needs --pacs SERVER --study UID"), io.err());
        CliFixtures io2 = new CliFixtures();
        assertEquals(2, io2.run(command(Map.of()), "--support", "a.png", "--mask", "x=m.png", "--out", "o", "--pacs",
                "http://127.0.0.1:9/dicom-web"));
        assertTrue(io2.err().contains("--pacs SERVER and --study UID go together"), io2.err());
    }
}
