package io.proxyprompt.ui;

import io.proxyprompt.Main;
import io.proxyprompt.application.ModelLocator;
import io.proxyprompt.application.SegmentationEngine;
import io.proxyprompt.cli.SegmentCommand;
import io.proxyprompt.dicom.DicomElement;
import io.proxyprompt.dicom.DicomObject;
import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.dicom.Tag;
import io.proxyprompt.image.DicomImageReader;
import io.proxyprompt.image.Images;
import io.proxyprompt.image.RasterImageReader;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.TargetStatus;
import io.proxyprompt.ui.panels.ExportDialog;
import io.proxyprompt.ui.viewer.SupportDocument;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workstation and the command line are two front ends of one application: the same support, the same
 * targets and the shipped model give the same files. PNG masks, label maps and the CSV are compared byte for byte;
 * a DICOM SEG is compared element by element except the values that must be new for every object made (its UIDs,
 * dates and times).
 */
@ExtendWith(ApplicationExtension.class)
class FrontEndsAgreeTest extends UiFixtures.ShippedModelWindowTest {

    @TempDir
    static Path dir;

    /** Attributes that identify one SEG instance and when it was made; everything else must agree. */
    private static final Set<Integer> INSTANCE_SPECIFIC = Set.of(Tag.SOPInstanceUID, Tag.SeriesInstanceUID,
            Tag.MediaStorageSOPInstanceUID, Tag.ContentDate, Tag.ContentTime, Tag.InstanceCreationDate,
            Tag.InstanceCreationTime, Tag.SeriesDate, Tag.SeriesTime, Tag.DimensionOrganizationUID);

    @Start
    void start(Stage stage) throws Exception {
        SegmentationEngine real = engine.service().orElseThrow();
        show(stage, dir, Optional.of(real), engine.status());
    }

    @Test
    void theWorkstationAndTheCommandLineWriteTheSameResults(FxRobot robot) throws Exception {
        Path samples = UiFixtures.SAMPLES;
        Path support = samples.resolve("fundus/fundus_1.jpg");
        Path disc = samples.resolve("fundus/fundus_1_disc.png");
        Path cup = samples.resolve("fundus/fundus_1_cup.png");
        List<Path> targets = List.of(samples.resolve("fundus/fundus_2.jpg"), samples.resolve("dicom/fundus_2.dcm"));

        Path cliOut = dir.resolve("cli");
        SegmentCommand cli = new SegmentCommand(new Images(List.of(new DicomImageReader(), new RasterImageReader())),
                new ModelLocator(dir, null), Main.exportService(new DicomParser()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--support", support.toString(), "--mask",
                "disc=" + disc, "--mask", "cup=" + cup, "--out", cliOut.toString(), "--model",
                UiFixtures.MODEL.toString(), "--device", "cpu", "--threads", "1", "--format", "both",
                "--label-map"));
        targets.forEach(t -> args.add(t.toString()));
        int rc = cli.run(args, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));

        robot.interact(() -> window.openTargets(targets));
        UiFixtures.waitUntil(30, () -> window.targets().items().size() == 2);
        robot.interact(() -> {
            window.support().createSet("Disc + cup");
            window.support().addObject(ObjectSpec.DISC);
            window.support().addPair(support);
        });
        UiFixtures.waitUntil(30, () -> window.document().orElse(null) instanceof SupportDocument);
        var pair = services.workspace().selectedSet().orElseThrow().pairs().get(0);
        robot.interact(() -> window.support().loadMask(disc));
        UiFixtures.waitUntil(30, () -> pair.mask("disc") != null && !pair.mask("disc").isEmpty());
        robot.interact(() -> window.support().addObject(ObjectSpec.CUP));
        robot.interact(() -> window.support().loadMask(cup));
        UiFixtures.waitUntil(30, () -> pair.mask("cup") != null && !pair.mask("cup").isEmpty());
        robot.clickOn("#segmentButton");
        UiFixtures.waitUntil(180, () -> !window.runner().running().get() && services.workspace().targets().stream()
                .allMatch(t -> t.status() == TargetStatus.DONE || t.status() == TargetStatus.CHECK));
        Path uiOut = dir.resolve("ui");
        robot.interact(() -> window.export(new ExportDialog.Choice(uiOut, true, true, true, true, false),
                services.workspace().targets()));
        UiFixtures.waitUntil(60, () -> Files.exists(uiOut.resolve("measurements.csv")));

        TreeMap<String, Path> cliFiles = files(cliOut);
        TreeMap<String, Path> uiFiles = files(uiOut);
        assertEquals(cliFiles.keySet(), uiFiles.keySet());
        assertTrue(cliFiles.keySet().containsAll(List.of("fundus_2/disc.png", "fundus_2/cup.png",
                "fundus_2/labels.png", "fundus_2.dcm/fundus_2.dcm_seg.dcm", "measurements.csv")), cliFiles.toString());
        for (String name : cliFiles.keySet()) {
            if (name.endsWith(".dcm")) {
                assertEquals(comparable(cliFiles.get(name)), comparable(uiFiles.get(name)), name);
            } else {
                assertArrayEquals(Files.readAllBytes(cliFiles.get(name)), Files.readAllBytes(uiFiles.get(name)), name);
            }
        }
    }

    private static TreeMap<String, Path> files(Path root) throws Exception {
        TreeMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(f -> out.put(root.relativize(f).toString().replace('\\', '/'), f));
        }
        return out;
    }

    /** Every element of the SEG but the instance-specific ones, as text (sequences recursively). */
    private static String comparable(Path seg) throws Exception {
        StringBuilder sb = new StringBuilder();
        describe(new DicomParser().read(seg).dataset(), sb, "");
        return sb.toString();
    }

    private static void describe(DicomObject o, StringBuilder sb, String indent) {
        for (DicomElement e : o.elements()) {
            if (INSTANCE_SPECIFIC.contains(e.tag())) {
                continue;
            }
            sb.append(indent).append(String.format("%08X", e.tag())).append(' ').append(e.vr()).append(' ');
            if (e.isSequence()) {
                sb.append('\n');
                for (DicomObject item : e.items()) {
                    describe(item, sb, indent + "  ");
                }
            } else {
                sb.append(e.value() == null ? "" : Arrays.hashCode(e.value()) + ":" + e.value().length).append('\n');
            }
        }
    }
}
