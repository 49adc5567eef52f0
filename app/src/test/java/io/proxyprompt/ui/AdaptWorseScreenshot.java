package io.proxyprompt.ui;

import io.proxyprompt.application.ModelAdaptation;
import javafx.application.Platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Not a test: shows the adaptation window as it ends when the adapted model measured worse than its base (the
 * numbers of the measured case in training/README.md, issue 15), to be looked at under Xvfb with ImageMagick's
 * {@code import -window root}. Writes {@code args[0]} when it is shown, exits after {@code args[1]} s.
 */
public final class AdaptWorseScreenshot {

    private AdaptWorseScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("adapt-screenshot");
        Platform.startup(() -> { });
        UiFixtures.Shown[] shown = new UiFixtures.Shown[1];
        Platform.runLater(() -> {
            try {
                shown[0] = UiFixtures.showForScreenshot(dir);
                AdaptFlow flow = shown[0].window().showAdaptation();
                flow.finished(new ModelAdaptation.Result(dir.resolve("proxyprompt-small-adapted-20261130-2314"), 162,
                        15.1, Map.of("dice", Map.of("disc", 0.8505, "cup", 0.8107), "vcdr_mae", 0.1372,
                        "cup_covers_disc", 0, "targets", 4, "retention_synthetic_dice", Map.of("disc", 0.9049, "cup", 0.8589,
                                "vessel", 0.8616)),
                        Map.of("dice", Map.of("disc", 0.8769, "cup", 0.8221), "vcdr_mae", 0.2536,
                        "cup_covers_disc", 0, "targets", 4, "retention_synthetic_dice", Map.of("disc", 0.9685, "cup", 0.8311,
                                "vessel", 0.8567))));
            } catch (Exception e) {
                e.printStackTrace(System.out);
            }
        });
        Thread.sleep(4000);
        Files.writeString(Path.of(args[0]), "ready");
        Thread.sleep(Long.parseLong(args[1]) * 1000);
        System.exit(0);
    }
}
