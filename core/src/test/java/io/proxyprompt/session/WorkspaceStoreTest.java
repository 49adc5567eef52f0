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
    void aTargetsClicksAreSavedWithItAndComeBack() throws IOException {
        Workspace ws = sample();
        List<io.proxyprompt.segment.Click> clicks = List.of(new io.proxyprompt.segment.Click(12, 30, true),
                new io.proxyprompt.segment.Click(40, 5, false));
        ws.targets().get(0).setClicks(Layer.parse("disc@0"), clicks);
        WorkspaceStore.write(ws.snapshot());
        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems);
        assertEquals(List.of(), problems);
        assertEquals(clicks, back.targets().get(0).clicks(Layer.parse("disc@0")));
        assertEquals(List.of(), back.targets().get(0).clicks(Layer.parse("cup@0")));
    }

    @Test
    void clicksOnASupportImageAreSavedWithItAndABadOneIsReportedNotFatal() throws IOException {
        Workspace ws = sample();
        List<io.proxyprompt.segment.Click> clicks = List.of(new io.proxyprompt.segment.Click(3, 4, true),
                new io.proxyprompt.segment.Click(7, 1, false));
        ws.supportSets().get(0).pairs().get(0).setClicks("disc", clicks);
        WorkspaceStore.write(ws.snapshot());
        List<String> problems = new ArrayList<>();
        SupportSetEntry.Pair back = WorkspaceStore.load(dir, problems).supportSets().get(0).pairs().get(0);
        assertEquals(List.of(), problems);
        assertEquals(clicks, back.clicks("disc"));

        Path state = dir.resolve(Workspace.STATE_FILE);
        Files.writeString(state, Files.readString(state).replace("3\\:4\\:+", "three"));
        problems.clear();
        back = WorkspaceStore.load(dir, problems).supportSets().get(0).pairs().get(0);
        assertEquals(List.of(), back.clicks("disc"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("ignored the clicks of disc on support.png"), problems.get(0));
        assertEquals(ws.supportSets().get(0).pairs().get(0).mask("disc"), back.mask("disc"), "the mask still opens");
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

    private static void stroke(TargetEntry t, String layer, int y) {
        Mask m = t.mask(Layer.parse(layer));
        Mask before = m.copy();
        MaskTools.stroke(m, 5, y, 40, y, 2, true);
        t.history().record(layer, before, m);
    }

    @Test
    void theUndoHistorySurvivesARestart() throws IOException {
        Workspace ws = sample();
        TargetEntry t = ws.targets().get(0);
        Mask start = t.mask(Layer.parse("disc@0")).copy();
        stroke(t, "disc@0", 30);
        Mask afterFirst = t.mask(Layer.parse("disc@0")).copy();
        stroke(t, "disc@0", 40);
        Mask afterSecond = t.mask(Layer.parse("disc@0")).copy();
        t.history().undo(k -> t.mask(Layer.parse(k)));
        WorkspaceStore.write(ws.snapshot());

        List<String> problems = new ArrayList<>();
        TargetEntry back = WorkspaceStore.load(dir, problems).targets().get(0);
        assertEquals(List.of(), problems);
        Mask m = back.mask(Layer.parse("disc@0"));
        assertEquals(afterFirst, m);
        assertTrue(back.history().redo(k -> back.mask(Layer.parse(k))).isPresent());
        assertEquals(afterSecond, m);
        back.history().undo(k -> back.mask(Layer.parse(k)));
        back.history().undo(k -> back.mask(Layer.parse(k)));
        assertEquals(start, m);
        assertFalse(back.history().canUndo());
    }

    @Test
    void theUndoHistoryOfASupportMaskSurvivesARestartToo() throws IOException {
        Workspace ws = sample();
        SupportSetEntry.Pair pair = ws.supportSets().get(0).pairs().get(0);
        Mask disc = pair.mask("disc");
        Mask drawn = disc.copy();
        Mask before = disc.copy();
        MaskTools.stroke(disc, 2, 28, 30, 28, 1, true);
        pair.history().record("disc", before, disc);
        ws.supportSets().get(0).markDirty();
        WorkspaceStore.write(ws.snapshot());

        List<String> problems = new ArrayList<>();
        SupportSetEntry.Pair back = WorkspaceStore.load(dir, problems).supportSets().get(0).pairs().get(0);
        assertEquals(List.of(), problems);
        assertTrue(back.history().undo(back::mask).isPresent());
        assertEquals(drawn, back.mask("disc"));
    }

    @Test
    void theSavedHistoryIsBoundedAndOnlyWrittenWhenItChanged() throws IOException {
        Workspace ws = sample();
        TargetEntry t = ws.targets().get(0);
        for (int i = 0; i < TargetEntry.HISTORY_STEPS + 10; i++) {
            stroke(t, "disc@0", i % 48);
            MaskTools.clear(t.mask(Layer.parse("disc@0")));
            t.history().record("disc@0", t.mask(Layer.parse("disc@0")).copy(), t.mask(Layer.parse("disc@0")));
        }
        Workspace.Snapshot first = ws.snapshot();
        assertEquals(1, first.histories().size());
        assertTrue(first.histories().values().iterator().next().undo().size() <= TargetEntry.HISTORY_STEPS);
        assertEquals(0, ws.snapshot().histories().size(), "an unchanged history is not written again");
        WorkspaceStore.write(first);
        assertTrue(Files.size(dir.resolve("targets/" + t.id() + "/history.bin")) < 200_000);
    }

    @Test
    void aHistoryThatDoesNotFitTheSavedMasksIsDroppedWithANote() throws IOException {
        Workspace ws = sample();
        TargetEntry t = ws.targets().get(0);
        stroke(t, "disc@0", 20);
        WorkspaceStore.write(ws.snapshot());
        // the mask file is replaced by a smaller one behind the workstation's back
        io.proxyprompt.mask.MaskFiles.write(dir.resolve("targets/" + t.id() + "/disc@0.png"), new Mask(8, 8),
                AtomicFiles.Existing.REPLACE);
        List<String> problems = new ArrayList<>();
        TargetEntry back = WorkspaceStore.load(dir, problems).targets().get(0);
        assertFalse(back.history().canUndo());
        assertEquals(List.of("IDRiD_01: the undo history does not match the saved masks and was dropped; the masks "
                + "are as last saved"), problems);
    }

    @Test
    void resultsAreOutOfDateWhenTheSupportSetChangesAndCurrentWhenItIsBack() throws IOException {
        Workspace ws = sample();
        TargetEntry t = ws.targets().get(0);
        SupportSetEntry set = ws.supportSets().get(0);
        SupportSetEntry vessels = ws.supportSets().get(1);
        assertFalse(t.outOfDateFor(set), "never segmented: not run, not out of date");
        set.objects().forEach(o -> t.setMadeWith(o.name(), set.fingerprint()));
        assertFalse(t.outOfDateFor(set));
        assertTrue(t.outOfDateFor(vessels), "made with another set");
        Mask support = set.pairs().get(0).mask("disc");
        Mask before = support.copy();
        MaskTools.stroke(support, 25, 25, 28, 28, 1, true);
        assertTrue(t.outOfDateFor(set), "the support mask changed");
        io.proxyprompt.edit.Regions.copyIn(support, new io.proxyprompt.edit.PixelRect(0, 0, 32, 32),
                before.data().clone());
        assertFalse(t.outOfDateFor(set), "undone: current again");
        WorkspaceStore.write(ws.snapshot());
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertFalse(back.targets().get(0).outOfDateFor(back.supportSets().get(0)), "the fingerprints are saved");
        back.supportSets().get(0).putObject(ObjectSpec.CUP);
        assertTrue(back.targets().get(0).outOfDateFor(back.supportSets().get(0)), "an object was added");
    }

    @Test
    void theChosenModelIsRememberedAndResultsOfAnotherModelAreOutOfDate() throws IOException {
        Workspace ws = sample();
        TargetEntry t = ws.targets().get(0);
        SupportSetEntry set = ws.supportSets().get(0);
        assertEquals(java.util.Optional.empty(), ws.model(), "the base model until one is chosen");
        set.objects().forEach(o -> t.setMadeWith(o.name(), ws.resultFingerprint(set)));
        assertFalse(t.outOfDateFor(set, ws.resultFingerprint(set)));
        assertEquals(set.fingerprint(), ws.resultFingerprint(set), "the base model's results keep their fingerprint");
        Path adapted = dir.resolve("models").resolve("proxyprompt-small-adapted-20261130-090000");
        ws.setModel(adapted);
        assertEquals(java.util.Optional.of(adapted.toAbsolutePath()), ws.model());
        assertTrue(t.outOfDateFor(set, ws.resultFingerprint(set)), "made with the base model");
        WorkspaceStore.write(ws.snapshot());
        assertTrue(Files.readString(dir.resolve("workspace.properties"))
                .contains("model=models/proxyprompt-small-adapted-20261130-090000"), "stored inside the workspace");
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertEquals(ws.model(), back.model());
        back.setModel(null);
        assertFalse(back.targets().get(0).outOfDateFor(back.supportSets().get(0),
                back.resultFingerprint(back.supportSets().get(0))), "back on the base model: current again");
    }
}
