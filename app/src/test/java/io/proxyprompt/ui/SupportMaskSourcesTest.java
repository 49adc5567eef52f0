package io.proxyprompt.ui;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.DicomWriter;
import io.proxyprompt.dicom.seg.SegOptions;
import io.proxyprompt.dicom.seg.SegWriter;
import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.export.DicomSegExport;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.application.EngineStatus;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A support mask can come from a segment of a DICOM SEG that references the support image. */
@ExtendWith(ApplicationExtension.class)
class SupportMaskSourcesTest extends UiFixtures.WindowTest {

    @TempDir
    static Path dir;

    @Start
    void start(Stage stage) throws Exception {
        show(stage, dir, Optional.empty(),
                EngineStatus.unavailable("none", "not needed", "not needed in this test"));
    }

    @Test
    void theObjectsSegmentOfADicomSegBecomesTheSupportMask(FxRobot robot) throws Exception {
        Path image = UiFixtures.SAMPLES.resolve("dicom/fundus_1.dcm");
        ImageStack stack = UiFixtures.images().open(image, ProgressListener.NONE, CancellationToken.never()).get(0);
        int w = stack.frame(0).width();
        int h = stack.frame(0).height();
        Mask disc = new Mask(w, h);
        MaskTools.stroke(disc, w / 3, h / 2, w / 3 + 20, h / 2, 40, true);
        Path segDir = dir.resolve("seg");
        List<Path> segs = new DicomSegExport(new SegWriter(new DicomWriter()), new DicomParser(),
                SegOptions.defaults("test")).export(stack, Map.of("disc", List.of(disc)), Set.of(),
                new DicomSegExport.Algorithm("hand", "1"), segDir, ProgressListener.NONE, CancellationToken.never());
        assertEquals(1, segs.size());

        robot.interact(() -> {
            window.support().createSet("Disc");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(image);
        });
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof SupportDocument);
        SupportSetEntry.Pair pair = services.workspace().selectedSet().orElseThrow().pairs().get(0);
        robot.interact(() -> window.support().loadMask(segs.get(0)));
        UiFixtures.waitUntil(30, () -> pair.mask("disc") != null && !pair.mask("disc").isEmpty());
        assertEquals(disc, pair.mask("disc"));

        // the same SEG has no cup segment: refused by name, the disc stays
        robot.interact(() -> window.support().addObject(ObjectSpec.CUP));
        robot.interact(() -> window.support().loadMask(segs.get(0)));
        MessageBar pane = robot.lookup("#notifications").queryAs(MessageBar.class);
        UiFixtures.waitUntil(30, () -> pane.isShowing() && pane.getText().contains("no segment labelled 'cup'"));
        assertTrue(pane.getText().startsWith(segs.get(0).getFileName().toString()), pane.getText());
        assertEquals(disc, pair.mask("disc"));
    }
}
