package io.proxyprompt.batch;

import io.proxyprompt.application.SupportLoader;
import io.proxyprompt.mask.MaskFiles;
import io.proxyprompt.segment.SupportSet;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.Workspace;
import io.proxyprompt.session.WorkspaceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportShipmentTest {

    private static final Path FUNDUS = BatchFixture.REPO.resolve("samples/fundus");

    private static SupportLoader.PairFiles pair(String stem, String... objects) {
        Map<String, Path> masks = new LinkedHashMap<>();
        for (String o : objects) {
            masks.put(o, FUNDUS.resolve(stem + "_" + o + ".png"));
        }
        return new SupportLoader.PairFiles(FUNDUS.resolve(stem + ".jpg"), masks);
    }

    @Test
    void filesShippedToAnExecutorLoadAsTheSupportSetSegmentWouldLoad() throws Exception {
        List<SupportLoader.PairFiles> files = List.of(pair("fundus_1", "disc", "cup"), pair("fundus_2", "disc", "cup"));
        SupportSet direct = new SupportLoader(ExecutorEngines.images()).load(files);
        SupportSet shipped = SupportShipment.ofFiles(files).load(ExecutorEngines.images());
        assertEquals(SupportShipment.hash(direct), SupportShipment.hash(shipped));
        assertEquals(List.of("disc", "cup"), shipped.objectNames());
        assertEquals(2, shipped.size());
    }

    @Test
    void aWorkspaceSupportSetHashesLikeTheSameFiles(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace(dir);
        SupportSetEntry set = ws.addSupportSet("Disc + cup");
        set.putObject(ObjectSpec.DISC);
        set.putObject(ObjectSpec.CUP);
        SupportSetEntry.Pair p = new SupportSetEntry.Pair("p1", FUNDUS.resolve("fundus_1.jpg"), 0);
        p.putMask("disc", MaskFiles.read(FUNDUS.resolve("fundus_1_disc.png")));
        p.putMask("cup", MaskFiles.read(FUNDUS.resolve("fundus_1_cup.png")));
        set.addPair(p);
        ws.selectSet(set);
        WorkspaceStore.write(ws.snapshot());

        SupportSet fromWorkspace = SupportShipment.ofWorkspace(dir, null).load(ExecutorEngines.images());
        SupportSet fromFiles = SupportShipment.ofFiles(List.of(pair("fundus_1", "disc", "cup")))
                .load(ExecutorEngines.images());
        assertEquals(SupportShipment.hash(fromFiles), SupportShipment.hash(fromWorkspace));
        assertNotEquals(SupportShipment.hash(fromFiles), SupportShipment.hash(SupportShipment
                .ofFiles(List.of(pair("fundus_1", "cup", "disc"))).load(ExecutorEngines.images())),
                "the object order is part of the set");

        BatchInputException e = assertThrows(BatchInputException.class, () -> SupportShipment.ofWorkspace(dir,
                "Vessels"));
        assertTrue(e.getMessage().contains("no support set named 'Vessels'"), e.getMessage());
    }

    @Test
    void anIncompleteWorkspaceSetSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace(dir);
        SupportSetEntry set = ws.addSupportSet("Disc");
        set.putObject(ObjectSpec.DISC);
        set.addPair(new SupportSetEntry.Pair("p1", FUNDUS.resolve("fundus_1.jpg"), 0));
        WorkspaceStore.write(ws.snapshot());
        BatchInputException e = assertThrows(BatchInputException.class, () -> SupportShipment.ofWorkspace(dir, null));
        assertTrue(e.getMessage().contains("cannot run yet") && e.getMessage().contains("fundus_1.jpg"),
                e.getMessage());
    }
}
