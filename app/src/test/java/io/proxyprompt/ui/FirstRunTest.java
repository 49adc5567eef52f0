package io.proxyprompt.ui;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.session.Layer;
import io.proxyprompt.session.PropertiesPreferenceRepository;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.application.SampleSet;
import javafx.stage.Stage;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first-run offer: on an empty workspace one click opens the bundled samples with a support set and segments. */
@ExtendWith(ApplicationExtension.class)
class FirstRunTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, engine.service(), engine.status());
    }

    private static Optional<SampleSet> samples() {
        Optional<SampleSet> s = SampleSet.in(UiFixtures.SAMPLES);
        assertTrue(s.isPresent(), "the repository's samples/ folder");
        return s;
    }

    @Test
    void oneClickOnTheOfferOpensTheSamplesWithADiscAndCupSetAndSegmentsThem(FxRobot robot) throws Exception {
        robot.interact(() -> window.offerSamples(samples()));
        assertTrue(window.firstRun().isShowing());
        assertTrue(robot.lookup("#firstRunBanner").query().isVisible());

        robot.clickOn("#openSamplesButton");
        UiFixtures.waitUntil(360, () -> services.workspace().targets().size() == 7
                && services.workspace().targets().stream().allMatch(t -> t.status() == TargetStatus.DONE)
                && !window.runner().running().get());
        assertFalse(window.firstRun().isShowing());
        assertTrue(robot.lookup("#firstRunBanner").tryQuery().isEmpty());

        SupportSetEntry set = services.workspace().selectedSet().orElseThrow();
        assertEquals(FirstRunOffer.SET_NAME, set.name());
        assertEquals(List.of("disc", "cup"), set.objects().stream().map(o -> o.name()).toList());
        assertEquals(1, set.pairs().size());
        SupportSetEntry.Pair pair = set.pairs().get(0);
        assertEquals(UiFixtures.SAMPLES.resolve("fundus/fundus_1.jpg").toAbsolutePath().normalize(), pair.image());
        assertEquals(MaskFiles.read(UiFixtures.SAMPLES.resolve("fundus/fundus_1_disc.png")), pair.mask("disc"));
        assertEquals(MaskFiles.read(UiFixtures.SAMPLES.resolve("fundus/fundus_1_cup.png")), pair.mask("cup"));
        assertTrue(set.isComplete());

        List<String> names = services.workspace().targets().stream().map(TargetEntry::name).toList();
        assertEquals(7, names.size(), names.toString());
        assertEquals(List.of("IDRiD_03", "IDRiD_19", "IDRiD_20"), names.subList(0, 3), "the real photographs first");
        for (TargetEntry t : services.workspace().targets()) {
            Mask disc = t.mask(new Layer("disc", 0));
            Mask cup = t.mask(new Layer("cup", 0));
            assertTrue(disc != null && cup != null, t.name() + " has a disc and a cup mask");
            boolean real = t.name().startsWith("IDRiD");
            int w = real ? 768 : t.name().contains("fundus_3") || t.name().contains("fundus_4") ? 1080 : 720;
            assertEquals(w, disc.width(), t.name());
            assertEquals(real ? 510 : 720, disc.height(), t.name());
        }
        // used once, the offer does not come back
        assertTrue(new PropertiesPreferenceRepository(ui.prefsFile()).get(FirstRunOffer.DISMISSED)
                || services.prefs().get(FirstRunOffer.DISMISSED));
    }

    @Test
    void dismissingTheOfferIsRememberedInThePreferences(FxRobot robot) {
        robot.interact(() -> window.offerSamples(samples()));
        assertTrue(window.firstRun().isShowing());
        robot.clickOn("#dismissSamplesButton");
        assertFalse(window.firstRun().isShowing());
        assertTrue(services.workspace().targets().isEmpty(), "dismissing opens nothing");
        UiFixtures.waitUntil(20, () -> new PropertiesPreferenceRepository(ui.prefsFile()).get(FirstRunOffer.DISMISSED));

        // the next start, on the same preferences and another empty workspace: no offer
        boolean[] offered = new boolean[1];
        robot.interact(() -> {
            try {
                MainWindow next = new MainWindow(new Services(new PropertiesPreferenceRepository(ui.prefsFile()),
                        new Workspace(Files.createTempDirectory(dir, "ws2")), ui.autosaver(), UiFixtures.images(),
                        UiFixtures.exportService(), Optional.empty(), engine.status(), ui.background(),
                        ui.services().pacsServers()));
                offered[0] = next.offerSamples(samples());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertFalse(offered[0]);
    }

    @Test
    void noOfferWithoutSamplesOrOnAWorkspaceThatHoldsWork(FxRobot robot) throws Exception {
        Path empty = Files.createTempDirectory(dir, "nosamples");
        assertTrue(SampleSet.find(empty, empty.resolve("target")).isEmpty());
        boolean[] offered = new boolean[2];
        robot.interact(() -> offered[0] = window.offerSamples(SampleSet.find(empty, null)));
        assertFalse(offered[0]);
        assertTrue(robot.lookup("#firstRunBanner").tryQuery().isEmpty());

        robot.interact(() -> {
            services.workspace().addSupportSet("Vessels");
            offered[1] = window.offerSamples(samples());
        });
        assertFalse(offered[1], "a workspace with a support set is not a first run");
    }

    @Test
    void samplesAreFoundInTheWorkingDirectoryBesideTheJarOrOneLevelAbove() throws Exception {
        Path repo = UiFixtures.SAMPLES.toAbsolutePath().getParent();
        Path nowhere = Files.createTempDirectory(dir, "cwd");
        assertEquals(repo.resolve("samples").normalize(), SampleSet.find(repo, null).orElseThrow().dir());
        assertEquals(repo.resolve("samples").normalize(), SampleSet.find(nowhere, repo).orElseThrow().dir());
        assertEquals(repo.resolve("samples").normalize(),
                SampleSet.find(nowhere, repo.resolve("target")).orElseThrow().dir());
        assertTrue(SampleSet.find(nowhere, nowhere.resolve("lib")).isEmpty());
    }
}
