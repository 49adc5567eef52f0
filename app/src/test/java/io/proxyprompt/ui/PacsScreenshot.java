package io.proxyprompt.ui;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.pacs.Credentials;
import io.proxyprompt.pacs.DicomWebClient;
import io.proxyprompt.pacs.PacsServer;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.testing.OrthancServer;
import io.proxyprompt.ui.pacs.PacsSearchDialog;
import javafx.application.Platform;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: shows the workstation with File › Open from PACS searched against a local Orthanc holding the
 * samples, for the README's screenshot (docs/screenshots/pacs-search.png, taken under Xvfb with ImageMagick's
 * {@code import -window root}). Writes {@code args[0]} when the dialog is ready, exits after {@code args[1]} s.
 */
public final class PacsScreenshot {

    private PacsScreenshot() {
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("pacs-screenshot");
        Path ready = Path.of(args[0]);
        try (OrthancServer orthanc = OrthancServer.start(dir)) {
            List<Path> files;
            try (Stream<Path> s = Stream.concat(Files.list(UiFixtures.SAMPLES.resolve("series")),
                    Files.list(UiFixtures.SAMPLES.resolve("dicom")))) {
                files = s.sorted().toList();
            }
            PacsServer server = new PacsServer("Clinic PACS (Orthanc)", orthanc.dicomWebRoot(),
                    new Credentials.Basic(OrthancServer.USER, orthanc.password()));
            new DicomWebClient(server, new DicomParser()).store(files, ProgressListener.NONE, CancellationToken.never());
            Platform.startup(() -> { });
            PacsSearchDialog[] dialog = new PacsSearchDialog[1];
            UiFixtures.Shown[] shown = new UiFixtures.Shown[1];
            Platform.runLater(() -> {
                try {
                    shown[0] = UiFixtures.showForScreenshot(dir);
                    shown[0].services().pacsServers().save(server);
                    dialog[0] = shown[0].window().openFromPacs();
                    dialog[0].getDialogPane().lookup("#pacsSearch").fireEvent(new javafx.event.ActionEvent());
                    System.out.println("dialog shown: " + dialog[0].isShowing());
                } catch (Exception e) {
                    e.printStackTrace(System.out);
                }
            });
            TreeTableView<?>[] results = new TreeTableView<?>[1];
            waitFor(() -> {
                if (dialog[0] == null) {
                    return false;
                }
                results[0] = (TreeTableView<?>) dialog[0].getDialogPane().lookup("#pacsResults");
                return results[0] != null && results[0].getRoot().getChildren().size() >= 3;
            });
            TreeItem<?> phantom = results[0].getRoot().getChildren().stream()
                    .filter(i -> i.getValue().toString().contains("PHANTOM")).findFirst().orElseThrow();
            Platform.runLater(() -> phantom.setExpanded(true));
            waitFor(() -> phantom.getChildren().size() == 1 && phantom.getChildren().get(0).getValue() != null);
            Thread.sleep(4000); // the thumbnail
            Platform.runLater(() -> results[0].getSelectionModel().select(results[0].getRow((TreeItem) phantom
                    .getChildren().get(0))));
            Thread.sleep(3000);
            Files.writeString(ready, "ready");
            Thread.sleep(Long.parseLong(args[1]) * 1000);
            Platform.runLater(() -> {
                try {
                    shown[0].close();
                } catch (Exception ignored) {
                    // exiting anyway
                }
                Platform.exit();
            });
        }
        System.exit(0);
    }
}
