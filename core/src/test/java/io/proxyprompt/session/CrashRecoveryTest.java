package io.proxyprompt.session;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kills a real editing process without a clean shutdown and proves that reopening the workspace keeps the edit. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    /** The process that gets killed: it opens the workspace, edits with autosave on, reports, then keeps editing. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Workspace ws = WorkspaceStore.load(folder, new ArrayList<>());
        SessionMarker.open(ws);
        Autosaver saver = new Autosaver(e -> System.out.println("ERROR " + e.getMessage()));
        TargetEntry t = ws.targets().isEmpty() ? ws.addTarget(Path.of("/data/a.png"), "a") : ws.targets().get(0);
        Mask m = t.maskOrEmpty(Layer.parse("disc@0"), 200, 100);
        Mask before = m.copy();
        MaskTools.stroke(m, 20, 50, 180, 50, 6, true);
        t.history().record("disc@0", before, m);
        t.markEdited("disc");
        t.setStatus(TargetStatus.EDITED);
        saver.save(ws.snapshot());
        saver.flush();
        System.out.println("SAVED");
        System.out.flush();
        // keep editing and saving until killed, so the kill lands in the middle of work
        for (int i = 0; ; i++) {
            MaskTools.stroke(m, 10, 10, 190, 90, 2 + i % 5, i % 2 == 0);
            t.markDirty();
            saver.save(ws.snapshot());
            Thread.sleep(2);
        }
    }

    @Test
    void reopeningAfterAKillRestoresTheEdit() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashRecoveryTest.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("SAVED", line, "the editing process did not save");
            Thread.sleep(300);
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }

        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems);
        assertEquals(List.of(), problems);
        assertEquals(1, back.targets().size());
        TargetEntry t = back.targets().get(0);
        assertEquals(TargetStatus.EDITED, t.status());
        Mask m = t.mask(Layer.parse("disc@0"));
        assertNotNull(m);
        // the first stroke (y=50, x 20..180, radius 6) is never erased by the later diagonal strokes at its ends
        assertTrue(m.get(20, 50) && m.get(180, 44), "the saved stroke is there");
        assertTrue(m.area() > 1000);

        // the start-up after the kill says what it restored, and the first stroke can still be undone
        SessionMarker.Recovery r = SessionMarker.open(back).orElseThrow();
        assertEquals(new SessionMarker.Recovery(r.lastSaved(), 1, 1, 0, 1, 0), r);
        assertTrue(r.message().contains("1 target (1 with your corrections, 0 accepted), 0 support sets and 1 undo step"),
                r.message());
        assertTrue(t.history().undo(key -> t.mask(Layer.parse(key))).isPresent());
        assertTrue(!m.get(20, 50) && !m.get(100, 50), "undo after the restart took the first stroke away");
        SessionMarker.close(dir);
        assertTrue(SessionMarker.open(back).isEmpty(), "a normal close leaves nothing to recover");
    }
}
