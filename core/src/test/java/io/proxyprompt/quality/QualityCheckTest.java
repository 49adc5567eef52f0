package io.proxyprompt.quality;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.segment.SegmentationResult;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each implausible result the clinic met is flagged; a plausible one is not. */
class QualityCheckTest {

    private final QualityCheck check = QualityCheck.defaults();

    /** A fundus-like frame: a bright disc of radius 45 on black, so the field of view has an edge. */
    private static Frame fundus() {
        int w = 100;
        int h = 100;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = (x - 50) * (x - 50) + (y - 50) * (y - 50) <= 45 * 45;
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) (in ? 150 : 0);
                }
            }
        }
        return Frame.photo(w, h, 3, rgb, new FrameOrigin(Path.of("eye.png"), null, 0));
    }

    private static Mask circle(int cx, int cy, int r) {
        Mask m = new Mask(100, 100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    m.set(x, y, true);
                }
            }
        }
        return m;
    }

    private static SegmentationResult result(Map<String, Mask> masks, float iou) {
        return new SegmentationResult("eye", null, masks.entrySet().stream()
                .map(e -> new SegmentationResult.ObjectResult(e.getKey(), e.getValue(), iou)).toList(), null);
    }

    private static Map<String, Mask> discAndCup(Mask disc, Mask cup) {
        Map<String, Mask> m = new LinkedHashMap<>();
        m.put("disc", disc);
        m.put("cup", cup);
        return m;
    }

    @Test
    void aPlausibleDiscAndCupAreNotFlagged() {
        QualityReport r = check.check(result(discAndCup(circle(50, 50, 12), circle(50, 50, 6)), 0.9f), fundus(),
                QualityCheck.SupportAreas.NONE);
        assertTrue(r.isClean(), r.summary());
    }

    @Test
    void aCupThatCoversTheDiscIsFlagged() {
        QualityReport r = check.check(result(discAndCup(circle(50, 50, 12), circle(50, 50, 12)), 0.9f), fundus(),
                QualityCheck.SupportAreas.NONE);
        assertEquals(List.of(QcFlag.CUP_FILLS_DISC), r.of("cup"));
        assertEquals("cup: the cup covers the disc", r.summary());
    }

    @Test
    void aCupTheModelDrewOutsideTheDiscIsFlagged() {
        SegmentationResult clipped = new SegmentationResult("eye", null, List.of(
                new SegmentationResult.ObjectResult("disc", circle(50, 50, 12), 0.9f),
                new SegmentationResult.ObjectResult("cup", circle(50, 50, 5), 0.9f, 200)), null);
        assertTrue(check.check(clipped, fundus(), QualityCheck.SupportAreas.NONE).of("cup")
                .contains(QcFlag.CUP_OUTSIDE_DISC));
    }

    @Test
    void aDiscInPiecesSpreadLikeAVesselTreeOrOnTheRimIsFlagged() {
        Mask pieces = circle(40, 50, 6);
        pieces.data();
        Mask second = circle(62, 50, 6);
        for (int i = 0; i < pieces.data().length; i++) {
            if (second.data()[i] != 0) {
                pieces.data()[i] = Mask.INSIDE;
            }
        }
        assertTrue(check.check(Map.of("disc", pieces), fundus(), QualityCheck.SupportAreas.NONE).of("disc")
                .contains(QcFlag.SEVERAL_PIECES));
        Mask tree = TinyModel.rect(100, 100, 20, 48, 80, 51);
        for (int y = 20; y < 80; y++) {
            tree.set(50, y, true);
            tree.set(51, y, true);
        }
        assertTrue(check.check(Map.of("disc", tree), fundus(), QualityCheck.SupportAreas.NONE).of("disc")
                .contains(QcFlag.NOT_COMPACT));
        assertTrue(check.check(Map.of("disc", circle(50, 7, 6)), fundus(), QualityCheck.SupportAreas.NONE)
                .of("disc").contains(QcFlag.AT_FIELD_EDGE));
    }

    @Test
    void aFieldOfViewJudgedBeforehandGivesTheSameFlagsAndIsAskedForOnlyWhenACheckNeedsIt() {
        Frame eye = fundus();
        SegmentationResult onRim = result(Map.of("disc", circle(50, 7, 6)), 0.9f);
        int[] asked = new int[1];
        QualityReport given = check.check(onRim, eye, QualityCheck.SupportAreas.NONE, () -> {
            asked[0]++;
            return QualityCheck.fieldOfView(eye);
        });
        assertEquals(check.check(onRim, eye, QualityCheck.SupportAreas.NONE), given);
        assertTrue(given.of("disc").contains(QcFlag.AT_FIELD_EDGE));
        assertEquals(1, asked[0]);

        check.check(result(Map.of("vessel", circle(50, 7, 6)), 0.9f), eye, QualityCheck.SupportAreas.NONE, () -> {
            asked[0]++;
            return QualityCheck.fieldOfView(eye);
        });
        assertEquals(1, asked[0], "no check of a vessel tree looks at the field of view");
        assertTrue(check.usesFieldOfView(List.of("disc", "cup")));
        assertFalse(check.usesFieldOfView(List.of("cup", "vessel")), "a cup is judged against its disc");
        assertTrue(QualityCheck.fieldOfView(TinyModel.frame(100, 100, 1)).isEmpty(), "a grey frame has none");
    }

    @Test
    void emptyResultsSizesUnlikeTheSupportAndLowConfidenceAreFlagged() {
        assertEquals(List.of(QcFlag.EMPTY), check.check(Map.of("vessel", new Mask(100, 100)), fundus(),
                QualityCheck.SupportAreas.NONE).of("vessel"));
        QualityCheck.SupportAreas support = new QualityCheck.SupportAreas(Map.of("disc", 0.2));
        assertTrue(check.check(Map.of("disc", circle(50, 50, 6)), fundus(), support).of("disc")
                .contains(QcFlag.AREA_UNLIKE_SUPPORT), "113 px is far from 20 % of the image");
        assertTrue(check.check(result(Map.of("vessel", circle(50, 50, 6)), 0.2f), fundus(),
                QualityCheck.SupportAreas.NONE).of("vessel").contains(QcFlag.LOW_CONFIDENCE));
    }

    @Test
    void theRulesKeepTheMainPieceFillItAndClipTheCup() {
        Mask disc = circle(50, 50, 12);
        disc.set(5, 5, true);
        disc.set(50, 50, false);
        Mask cup = circle(55, 50, 10);
        Map<String, Mask> clean = AnatomicalRules.defaults().apply(discAndCup(disc, cup));
        assertTrue(!clean.get("disc").get(5, 5) && clean.get("disc").get(50, 50), "speck gone, hole filled");
        for (int i = 0; i < 100 * 100; i++) {
            if (clean.get("cup").data()[i] != 0) {
                assertTrue(clean.get("disc").data()[i] != 0, "the cup lies inside the disc");
            }
        }
        assertEquals(disc, AnatomicalRules.none().apply(discAndCup(disc, cup)).get("disc"));
    }

    @Test
    void evaluationSeesTheSameFlagsAsCodesPerObject() {
        Map<String, Mask> masks = discAndCup(circle(50, 50, 12), circle(50, 50, 12));
        io.proxyprompt.segment.SupportSet support = new io.proxyprompt.segment.SupportSet(List.of(
                new io.proxyprompt.segment.SupportPair("s", fundus(), List.of(
                        new io.proxyprompt.segment.ObjectMask("disc", circle(50, 50, 12), "s"),
                        new io.proxyprompt.segment.ObjectMask("cup", circle(50, 50, 5), "s")))));
        Map<String, List<String>> codes = check.forEvaluation().flags(result(masks, 0.9f), fundus(), support);
        assertEquals(Map.of("cup", List.of("cup_fills_disc")), codes);
    }

    /** A fundus frame (as {@link #fundus()}) with a yellow disc at (35, 50) and a white light reflex at (70, 50). */
    private static Frame fundusWithReflex() {
        byte[] rgb = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                int[] c = (x - 50) * (x - 50) + (y - 50) * (y - 50) > 45 * 45 ? new int[] {0, 0, 0}
                        : (x - 35) * (x - 35) + (y - 50) * (y - 50) <= 64 ? new int[] {250, 210, 90}
                        : (x - 70) * (x - 70) + (y - 50) * (y - 50) <= 64 ? new int[] {245, 245, 250}
                        : new int[] {190, 80, 30};
                for (int k = 0; k < 3; k++) {
                    rgb[(y * 100 + x) * 3 + k] = (byte) c[k];
                }
            }
        }
        return Frame.photo(100, 100, 3, rgb, new FrameOrigin(Path.of("eye.png"), null, 0));
    }

    @Test
    void aDiscOnAWhiteReflexIsPalerThanTheSupportsAndFlagged() {
        Frame eye = fundusWithReflex();
        io.proxyprompt.segment.SupportSet support = new io.proxyprompt.segment.SupportSet(List.of(
                new io.proxyprompt.segment.SupportPair("s", eye, List.of(
                        new io.proxyprompt.segment.ObjectMask("disc", circle(35, 50, 8), "s")))));
        QualityCheck.SupportAreas areas = check.supportAreas(support);
        assertTrue(areas.saturation().get("disc") > 0.6, areas.toString());
        assertEquals(List.of(QcFlag.COLOUR_UNLIKE_SUPPORT),
                check.check(Map.of("disc", circle(70, 50, 8)), eye, areas).of("disc"), "the reflex");
        assertTrue(check.check(Map.of("disc", circle(35, 50, 8)), eye, areas).isClean(), "the disc");
    }

    @Test
    void aVesselTreeThatShrankIsFlaggedSoonerThanADiscOfAnotherSize() {
        // both cover a third of what their support covered: usual for discs (eyes and framings differ), a failure
        // for vessels (a blurred photograph loses most of its tree)
        Mask third = circle(50, 50, 10);
        double fraction = third.area() / 10_000.0 * 3;
        QualityCheck.SupportAreas support = new QualityCheck.SupportAreas(Map.of("disc", fraction, "vessel", fraction));
        assertTrue(check.check(Map.of("disc", third), fundus(), support).isClean());
        assertEquals(List.of(QcFlag.AREA_UNLIKE_SUPPORT), check.check(Map.of("vessel", third), fundus(), support)
                .of("vessel"));
    }
}
