package io.proxyprompt.session;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceStoreTest {

    @TempDir
    Path dir;

    private Workspace sample() {
        Workspace ws = new Workspace(dir);
        TargetEntry t = ws.addTarget(Path.of("/data/IDRiD_01.jpg"), "IDRiD_01");
        Mask disc = t.maskOrEmpty(new Layer("disc", 0), 64, 48);
        MaskTools.stroke(disc, 10, 10, 30, 20, 4, true);
        t.setStatus(TargetStatus.EDITED);
        t.setReviewed(true);
        SupportSetEntry set = ws.addSupportSet("Disc + cup");
        set.putObject(ObjectSpec.DISC);
        set.putObject(new ObjectSpec("lesion", "#00ff00"));
        SupportSetEntry.Pair pair = new SupportSetEntry.Pair(ws.newId("p"), Path.of("/data/support.png"), 0);
        Mask sm = new Mask(32, 32);
        MaskTools.polygon(sm, new int[] {4, 4, 20, 4, 20, 20}, true);
        pair.putMask("disc", sm);
        set.addPair(pair);
        ws.addSupportSet("Vessels").putObject(ObjectSpec.VESSEL);
        return ws;
    }

    @Test
    void everythingSavedComesBack() throws IOException {
        Workspace ws = sample();
        WorkspaceStore.write(ws.snapshot());

        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems);
        assertEquals(List.of(), problems);
        TargetEntry t = back.targets().get(0);
        assertEquals(Path.of("/data/IDRiD_01.jpg"), t.source());
        assertEquals(TargetStatus.EDITED, t.status());
        assertTrue(t.reviewed());
        assertEquals(ws.targets().get(0).mask(Layer.parse("disc@0")), t.mask(Layer.parse("disc@0")));
        assertEquals(2, back.supportSets().size());
        SupportSetEntry set = back.selectedSet().orElseThrow();
        assertEquals("Disc + cup", set.name());
        assertEquals(List.of(ObjectSpec.DISC, new ObjectSpec("lesion", "#00FF00")), set.objects());
        assertEquals(ws.supportSets().get(0).pairs().get(0).mask("disc"), set.pairs().get(0).mask("disc"));
        assertEquals(List.of(ObjectSpec.VESSEL), back.supportSets().get(1).objects());
        // ids stay unique after reopening
        assertFalse(back.newId("t").equals(t.id()));
    }

    @Test
    void onlyChangedMasksAreCopiedIntoTheNextSnapshot() {
        Workspace ws = sample();
        assertEquals(2, ws.snapshot().masks().size());
        assertEquals(0, ws.snapshot().masks().size());
        ws.targets().get(0).markDirty();
        assertEquals(List.of("targets/t1/disc@0.png"), List.copyOf(ws.snapshot().masks().keySet()));
    }

    @Test
    void aDamagedMaskFileIsReportedAndTheRestOpens() throws IOException {
        Workspace ws = sample();
        WorkspaceStore.write(ws.snapshot());
        Files.writeString(dir.resolve("targets/t1/disc@0.png"), "not a png");

        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("disc@0.png: not a readable image"), problems.get(0));
        assertNull(back.targets().get(0).mask(Layer.parse("disc@0")));
        assertEquals(1, back.supportSets().get(0).pairs().size());
    }

    @Test
    void leftoverTemporaryFilesFromAKilledWriteAreIgnoredAndRemoved() throws IOException {
        WorkspaceStore.write(sample().snapshot());
        Path partial = dir.resolve(".workspace.properties123" + AtomicFiles.TEMP_SUFFIX);
        Files.writeString(partial, "targets=99\ntarget.0.so");
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertEquals(1, back.targets().size());
        assertFalse(Files.exists(partial));
    }

    @Test
    void anEmptyFolderIsAnEmptyWorkspace() throws IOException {
        Workspace ws = WorkspaceStore.load(dir.resolve("new"), new ArrayList<>());
        assertTrue(ws.targets().isEmpty());
        assertTrue(ws.selectedSet().isEmpty());
    }
}
