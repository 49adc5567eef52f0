package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import io.proxyprompt.inference.Graph;
import io.proxyprompt.inference.RunCounts;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FewShotSegmenter#refine}: clicks redraw one object by running only the mask decoder on the cached embedding
 * and proxy prompt; zero clicks give the automatic mask; a model without clicks says refining is unavailable.
 */
class RefineWithClicksTest {

    @TempDir
    Path tmp;

    private static SupportSet support() {
        Frame image = TinyModel.frame(160, 160, 1);
        return SupportSet.of(new SupportPair("support", image, List.of(
                new ObjectMask("disc", TinyModel.rect(160, 160, 40, 40, 110, 110), "disc.png"),
                new ObjectMask("vessel", TinyModel.rect(160, 160, 0, 70, 160, 80), "vessel.png"))));
    }

    private static FewShotSegmenter open(Path model) throws Exception {
        return FewShotSegmenter.open(model, ExecutionDevice.CPU, EngineSettings.defaults().withThreads(1),
                SegmentOptions.defaults());
    }

    @Test
    void clicksRunOnlyTheDecoderAndZeroClicksGiveTheAutomaticMask() throws Exception {
        try (FewShotSegmenter s = open(TinyModel.copyClicksTo(tmp))) {
            assertNull(s.refineUnavailableReason());
            Frame target = TinyModel.frame(200, 150, 2);
            SupportSet support = support();
            SegmentationResult auto = s.segment(support, "t", target, CancellationToken.never());
            EncodedSupport encoded = s.encodeSupport(support, CancellationToken.never());
            RunCounts before = s.engine().counts();

            SegmentationResult.ObjectResult none = s.refine(encoded, target, "disc", List.of(), null,
                    CancellationToken.never());
            assertArrayEquals(auto.mask("disc").data(), none.mask().data(), "zero clicks = the automatic mask");

            Mask previous = none.mask();
            List<Click> clicks = List.of(new Click(20, 20, true), new Click(150, 100, false), new Click(100, 75, true));
            boolean changed = false;
            for (int k = 1; k <= clicks.size(); k++) {
                Mask m = s.refine(encoded, target, "disc", clicks.subList(0, k), null, CancellationToken.never()).mask();
                assertEquals(200, m.width());
                assertEquals(150, m.height());
                changed |= !java.util.Arrays.equals(previous.data(), m.data());
                previous = m;
            }
            assertTrue(changed, "some click redrew the mask");
            RunCounts after = s.engine().counts();
            assertEquals(0, after.runsSince(before, Graph.IMAGE_ENCODER), "no re-encoding");
            assertEquals(0, after.runsSince(before, Graph.SUPPORT_ENCODER));
            assertEquals(0, after.runsSince(before, Graph.PROMPT_GENERATOR), "the proxy prompt came from the cache");
            assertEquals(1, after.runsSince(before, Graph.MASK_DECODER), "zero clicks: the plain decoder");
            assertEquals(clicks.size(), after.runsSince(before, Graph.CLICK_DECODER), "each click: the click decoder");
        }
    }

    @Test
    void aClickOutsideTheImageIsRefusedNamingIt() throws Exception {
        try (FewShotSegmenter s = open(TinyModel.copyClicksTo(tmp))) {
            EncodedSupport encoded = s.encodeSupport(support(), CancellationToken.never());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.refine(encoded,
                    TinyModel.frame(100, 80, 2), "disc", List.of(new Click(100, 10, true)), null,
                    CancellationToken.never()));
            assertTrue(e.getMessage().contains("(100, 10)") && e.getMessage().contains("100 x 80"), e.getMessage());
        }
    }

    @Test
    void aModelWithoutClicksSaysRefiningIsUnavailable() throws Exception {
        try (FewShotSegmenter s = open(TinyModel.copyClicksBaseTo(tmp))) {
            String why = s.refineUnavailableReason();
            assertNotNull(why);
            assertTrue(why.contains("click-trained model"), why);
            EncodedSupport encoded = s.encodeSupport(support(), CancellationToken.never());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.refine(encoded,
                    TinyModel.frame(100, 80, 2), "disc", List.of(new Click(10, 10, true)), null,
                    CancellationToken.never()));
            assertEquals(why, e.getMessage());
            assertFalse(s.segment(support(), "t", TinyModel.frame(100, 80, 2), CancellationToken.never())
                    .objects().isEmpty(), "segmenting still works");
        }
    }
}
