package io.proxyprompt.session;

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

/** A workspace opened lazily leaves each target's masks on disk until the target needs them, and loses nothing. */
class LazyWorkspaceTest {

    @TempDir
    Path dir;

    private static final Layer DISC = Layer.parse("disc@0");

    private Workspace saved() throws IOException {
        Workspace ws = new Workspace(dir);
        for (String name : List.of("a", "b")) {
            TargetEntry t = ws.addTarget(Path.of("/data/" + name + ".png"), name);
            Mask m = t.maskOrEmpty(DISC, 64, 48);
            Mask before = m.copy();
            MaskTools.stroke(m, 10, 10, 50, 30, 4, true);
            t.history().record(DISC.key(), before, m);
            t.setStatus(TargetStatus.DONE);
        }
        WorkspaceStore.write(ws.snapshot());
        return ws;
    }

    @Test
    void theMasksAreReadWhenFirstNeeded() throws IOException {
        Workspace ws = saved();
        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems, true);
        assertEquals(List.of(), problems);
        TargetEntry a = back.targets().get(0);
        assertFalse(a.masksRead());
        assertEquals(java.util.Set.of(DISC), a.layers());
        assertEquals(TargetStatus.DONE, a.status());

        // read off the UI thread, handed in on it
        TargetEntry.Saved read = a.savedMasks().orElseThrow().read();
        assertEquals(List.of(), a.accept(read));
        assertTrue(a.masksRead());
        assertEquals(ws.targets().get(0).mask(DISC), a.mask(DISC));
        assertEquals(1, a.history().undoDepth());

        // any method that needs the masks reads them on the spot
        TargetEntry b = back.targets().get(1);
        assertEquals(ws.targets().get(1).mask(DISC), b.mask(DISC));
        assertEquals(1, b.history().undoDepth());
    }

    @Test
    void savingBeforeTheMasksAreReadKeepsThemOnDisk() throws IOException {
        Workspace ws = saved();
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>(), true);
        TargetEntry b = back.targets().get(1);
        b.setReviewed(true);
        WorkspaceStore.write(back.snapshot());
        assertFalse(b.masksRead(), "saving did not read the masks");

        Workspace again = WorkspaceStore.load(dir, new ArrayList<>());
        assertTrue(again.targets().get(1).reviewed());
        assertEquals(ws.targets().get(1).mask(DISC), again.targets().get(1).mask(DISC));
        assertEquals(1, again.targets().get(1).history().undoDepth());
    }

    @Test
    void aDamagedMaskReadLaterIsReportedByItsTarget() throws IOException {
        saved();
        Files.writeString(dir.resolve("targets/t1/disc@0.png"), "not a png");
        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems, true);
        assertEquals(List.of(), problems, "nothing is read while opening");

        TargetEntry a = back.targets().get(0);
        assertNull(a.mask(DISC));
        List<String> later = a.takeReadProblems();
        assertEquals(2, later.size(), later.toString());
        assertTrue(later.get(0).startsWith("disc@0.png: not a readable image"), later.get(0));
        assertTrue(later.get(1).contains("the undo history does not match the saved masks"), later.get(1));
        assertEquals(List.of(), a.takeReadProblems(), "reported once");
        assertTrue(back.targets().get(1).mask(DISC).area() > 0, "the other target still opens");
    }
}
