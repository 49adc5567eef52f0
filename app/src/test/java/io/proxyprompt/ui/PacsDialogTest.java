package io.proxyprompt.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.pacs.RemoteSeries;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.testing.OrthancServer;
import io.proxyprompt.testing.TinyModel;
import io.proxyprompt.ui.pacs.PacsSearchDialog;
import io.proxyprompt.ui.pacs.PacsServersPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File › Open from PACS and Export › Send SEG to PACS on the real window against a real Orthanc: the server from
 * the preferences, a search typed into the dialog, a series opened as a target from the workspace's cache, its
 * SEG stored back in its study; a wrong password is said in the dialog; no credential reaches the workspace.
 */
@ExtendWith(ApplicationExtension.class)
class PacsDialogTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;
    static OrthancServer orthanc;

    @BeforeAll
    static void startOrthancWithTheSamples() throws Exception {
        orthanc = OrthancServer.start(dir);
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.list(UiFixtures.SAMPLES.resolve("series")),
                Files.list(UiFixtures.SAMPLES.resolve("dicom")))) {
            files = s.sorted().toList();
        }
        new DicomWebClient(server(orthanc.password()), new DicomParser()).store(files, ProgressListener.NONE,
                CancellationToken.never());
    }

    @AfterAll
    static void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    static PacsServer server(String password) {
        return new PacsServer("Test Orthanc", orthanc.dicomWebRoot(), new Credentials.Basic(OrthancServer.USER,
                password));
    }

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(), new EngineStatus("CPU", "test", "tiny", false, "no model in this test"));
    }

    private PacsSearchDialog search(FxRobot robot, String name) {
        PacsSearchDialog[] dialog = new PacsSearchDialog[1];
        robot.interact(() -> dialog[0] = window.openFromPacs());
        robot.clickOn("#pacsPatientName").write(name);
        robot.clickOn("#pacsSearch");
        return dialog[0];
    }

    @Test
    void searchOpensTheChosenSeriesAndSendsItsSegBack(FxRobot robot) throws Exception {
        services.pacsServers().save(server(orthanc.password()));
        PacsSearchDialog dialog = search(robot, "phantom");
        TreeTableView<?> results = robot.lookup("#pacsResults").queryAs(TreeTableView.class);
        Label status = robot.lookup("#pacsStatus").queryAs(Label.class);
        try {
            UiFixtures.waitUntil(15, () -> results.getRoot().getChildren().size() == 1);
        } catch (AssertionError e) {
            throw new AssertionError("no study shown; the dialog says: " + status.getText() + " / typed: "
                    + robot.lookup("#pacsPatientName").queryAs(javafx.scene.control.TextField.class).getText(), e);
        }
        TreeItem<?> study = results.getRoot().getChildren().get(0);
        robot.interact(() -> study.setExpanded(true));
        UiFixtures.waitUntil(15, () -> study.getChildren().size() == 1 && study.getChildren().get(0).getValue() != null);
        assertTrue(robot.lookup("#pacsStatus").queryAs(Label.class).getText().contains("1 study found"));
        robot.interact(() -> results.getSelectionModel().select(results.getRow((TreeItem) study.getChildren().get(0))));
        robot.clickOn("#pacsOpen");
        UiFixtures.waitUntil(30, () -> targets().size() == 1 && window.images().stack(targets().get(0).source()) != null);
        TargetEntry target = targets().get(0);
        ImageStack stack = window.images().stack(target.source());
        assertEquals(8, stack.frameCount());
        Path cache = services.workspace().folder().resolve("pacs-cache");
        assertTrue(target.source().startsWith(cache), target.source() + " is in the workspace's PACS cache");
        assertFalse(dialog.isShowing());

        // A mask on one slice, then Export › Send SEG to PACS (the server chosen as the dialog would).
        robot.interact(() -> target.putMask(new Layer("lesion", 2), TinyModel.rect(stack.frame(2).width(),
                stack.frame(2).height(), 10, 10, 40, 40)));
        robot.interact(() -> window.pacsFlow().send(server(orthanc.password()), List.of(target)));
        UiFixtures.waitUntil(30, () -> robot.lookup("#sendSegResult").tryQuery().isPresent());
        String result = robot.lookup("#sendSegResult").queryAs(TextArea.class).getText();
        assertTrue(result.contains("stored on Test Orthanc"), result);
        DicomWebClient pacs = new DicomWebClient(server(orthanc.password()), new DicomParser());
        String studyUid = stack.frame(0).origin().header().getString(io.proxyprompt.dicom.Tag.StudyInstanceUID);
        RemoteSeries seg = pacs.searchSeries(studyUid, CancellationToken.never()).stream()
                .filter(RemoteSeries::isSegmentation).findFirst().orElseThrow();
        JsonNode series = orthanc.post("/tools/lookup", seg.seriesInstanceUid());
        JsonNode parent = orthanc.get(series.get(0).get("Path").asText() + "/study");
        assertEquals(studyUid, parent.get("MainDicomTags").get("StudyInstanceUID").asText());

        services.autosaver().flush();
        try (Stream<Path> files = Files.walk(services.workspace().folder())) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".dcm")).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(orthanc.password()), f + " holds no credential");
            }
        }
    }

    @Test
    void wrongPasswordIsSaidInTheDialog(FxRobot robot) throws Exception {
        services.pacsServers().save(server("wrong-password"));
        search(robot, "phantom");
        Label status = robot.lookup("#pacsStatus").queryAs(Label.class);
        UiFixtures.waitUntil(15, () -> status.getText().contains("refused the user name and password"));
        assertTrue(status.getStyleClass().contains("error-text"));
        assertFalse(status.getText().contains("wrong-password"));
        robot.interact(() -> ((javafx.stage.Stage) status.getScene().getWindow()).close());
    }

    @Test
    void serversAreAddedInThePreferencesPane(FxRobot robot) {
        PacsServersPane[] pane = new PacsServersPane[1];
        robot.interact(() -> {
            pane[0] = new PacsServersPane(services.pacsServers());
            Stage s = new Stage();
            s.setScene(new javafx.scene.Scene(pane[0]));
            s.show();
        });
        robot.clickOn("#pacsServerName").write("Clinic");
        robot.clickOn("#pacsServerUrl").write(orthanc.dicomWebRoot().toString());
        robot.clickOn("#pacsServerUser").write(OrthancServer.USER);
        robot.clickOn("#pacsServerSecret").write(orthanc.password());
        robot.clickOn("#pacsServerSave");
        PacsServer saved = services.pacsServers().find("Clinic").orElseThrow();
        assertEquals(new Credentials.Basic(OrthancServer.USER, orthanc.password()), saved.credentials());
        assertEquals(1, pane[0].getChildrenUnmodifiable().stream().filter(n -> n instanceof javafx.scene.control.ListView)
                .map(n -> ((javafx.scene.control.ListView<?>) n).getItems().size()).findFirst().orElse(0));
        robot.interact(() -> pane[0].getScene().getWindow().hide());
    }

    private List<TargetEntry> targets() {
        return window.targets().items();
    }
}
