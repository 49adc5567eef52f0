package io.proxyprompt.segment;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.mask.MaskMetrics;
import io.proxyprompt.progress.CancellationToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped model on real photographs it never trained on (IDRiD_17/18, CHASE Image_09L/10R, halved copies in
 * core/src/test/resources/fundus-heldout), with supports from other patients. The floors are below what was measured
 * when the trained model landed (see docs/engine.md), with margin: they catch a broken pipeline or a regressed
 * model, not small changes. Skipped while the shipped model is the untrained integration export.
 */
class RealFundusTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));
    static final Path FIXTURES = REPO.resolve("core/src/test/resources/fundus-heldout");
    static final Path MODEL = Path.of(System.getProperty("proxyprompt.testModel",
            REPO.resolve(ModelBundle.DEFAULT_MODEL).toString()));

    // Measured by this test on the shipped model (S = 768, multi-scale high-resolution stem; 2026-11-25): disc 0.860
    // (IDRiD_17) / 0.932 (IDRiD_18), vessel 0.710 (Image_09L) / 0.690 (Image_10R); the switch test's two outputs
    // overlap with Dice 0.15. Floors sit below the lowest measurement with margin; the vessel floor is above the 0.545
    // that a classical black-hat + Otsu filter reaches on the held-out CHASE images (docs/engine.md).
    static final double DISC_FLOOR = 0.75;
    static final double VESSEL_FLOOR = 0.62;

    static FewShotSegmenter segmenter;
    static final Images IMAGES = new Images(List.of(new RasterImageReader()));

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void open() throws Exception {
        io.proxyprompt.testing.TrainedModel.assumeTrained(MODEL);
        segmenter = FewShotSegmenter.open(MODEL, ExecutionDevice.CPU, EngineSettings.defaults(),
                SegmentOptions.defaults());
    }

    @AfterAll
    static void close() {
        if (segmenter != null) {
            segmenter.close();
        }
    }

    static Frame image(String stem) throws Exception {
        return IMAGES.openFrame(FIXTURES.resolve(stem + ".jpg"));
    }

    static Mask mask(String stem, String object) throws Exception {
        return MaskFiles.read(FIXTURES.resolve(stem + "_" + object + ".png"));
    }

    static SupportSet support(String stem, String object) throws Exception {
        return SupportSet.of(new SupportPair(stem, image(stem), List.of(new ObjectMask(object, mask(stem, object),
                stem + "_" + object + ".png"))));
    }

    static double dice(SupportSet support, String target, String object, String truthObject) throws Exception {
        SegmentationResult r = segmenter.segment(support, target, image(target), CancellationToken.never());
        double d = MaskMetrics.dice(r.mask(object), mask(target, truthObject));
        System.out.printf(Locale.ROOT, "%s %s (support %s): Dice vs %s = %.4f%n", target, object,
                support.pairs().get(0).name(), truthObject, d);
        return d;
    }

    @Test
    void heldOutDiscsAreFoundFromAnotherPatientsSupport() throws Exception {
        SupportSet s = support("IDRiD_01", "disc");
        for (String target : List.of("IDRiD_17", "IDRiD_18")) {
            double d = dice(s, target, "disc", "disc");
            assertTrue(d >= DISC_FLOOR, target + " disc Dice " + d + " < floor " + DISC_FLOOR);
        }
    }

    @Test
    void heldOutVesselsAreFoundFromAnotherPatientsSupport() throws Exception {
        SupportSet s = support("Image_01L", "vessel");
        for (String target : List.of("Image_09L", "Image_10R")) {
            double d = dice(s, target, "vessel", "vessel");
            assertTrue(d >= VESSEL_FLOOR, target + " vessel Dice " + d + " < floor " + VESSEL_FLOOR);
        }
    }

    @Test
    void switchingTheMaskOnTheSameSupportSwitchesTheObject() throws Exception {
        // same support photograph, two masks: vessels (expert) and a disc we drew
        SegmentationResult vessels = segmenter.segment(support("Image_01L", "vessel"), "Image_09L",
                image("Image_09L"), CancellationToken.never());
        SegmentationResult disc = segmenter.segment(support("Image_01L", "disc"), "Image_09L", image("Image_09L"),
                CancellationToken.never());
        Mask truthVessels = mask("Image_09L", "vessel");
        double vesselDice = MaskMetrics.dice(vessels.mask("vessel"), truthVessels);
        double discAsVesselDice = MaskMetrics.dice(disc.mask("disc"), truthVessels);
        Mask discMask = disc.mask("disc");
        double compactness = MaskMetrics.largestComponent(discMask).area() / (double) Math.max(1, discMask.area());
        System.out.printf(Locale.ROOT, "switch: vessel mask -> Dice %.4f vs vessels; disc mask -> Dice %.4f vs vessels,"
                        + " area %d px (vessel output %d px), largest component %.2f of it%n", vesselDice,
                discAsVesselDice, discMask.area(), vessels.mask("vessel").area(), compactness);
        double overlap = MaskMetrics.dice(discMask, vessels.mask("vessel"));
        System.out.printf(Locale.ROOT, "switch: Dice between the two outputs %.4f%n", overlap);
        assertTrue(discMask.area() > 0, "the disc mask segments something");
        assertTrue(overlap < 0.5, "the two masks give different objects (Dice between outputs " + overlap + ")");
        assertTrue(vesselDice > discAsVesselDice, "the vessel mask gives more vessel than the disc mask");
        assertTrue(compactness > 0.8, "the disc output is one blob, not a vessel tree");
    }
}
