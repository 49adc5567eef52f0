package io.proxyprompt.session;

import io.proxyprompt.edit.MaskTools;
import io.proxyprompt.mask.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Autosave writes in the background, coalesces a burst of saves into few writes and never drops an edit. */
class AutosaverTest {

    @TempDir
    Path dir;

    private static final Layer DISC = Layer.parse("disc@0");

    /** A store that holds the first write until released, so that the burst lands while a write is running. */
    private static final class HeldStore implements Autosaver.Store {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Workspace.Snapshot> written = new ArrayList<>();

        @Override
        public void write(Workspace.Snapshot snapshot) throws IOException {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.add(snapshot);
            }
            WorkspaceStore.write(snapshot);
        }
    }

    @Test
    void aBurstOfEditsMakesTwoWritesAndTheLastStateIsOnDisk() throws Exception {
        Workspace ws = new Workspace(dir);
        TargetEntry a = ws.addTarget(Path.of("/data/a.png"), "a");
        TargetEntry b = ws.addTarget(Path.of("/data/b.png"), "b");
        HeldStore store = new HeldStore();
        try (Autosaver saver = new Autosaver(e -> { throw new AssertionError(e); }, store)) {
            saver.save(ws.snapshot());
            assertTrue(store.started.await(20, TimeUnit.SECONDS));
            // while the first write runs: one edit on a, then 100 on b, each saved at once as the UI does
            Mask ma = a.maskOrEmpty(DISC, 100, 80);
            MaskTools.stroke(ma, 10, 10, 60, 10, 3, true);
            a.markDirty();
            saver.save(ws.snapshot());
            Mask mb = b.maskOrEmpty(DISC, 100, 80);
            for (int i = 0; i < 100; i++) {
                MaskTools.stroke(mb, 5, i % 80, 95, i % 80, 1, true);
                b.setReviewed(i % 2 == 0);
                saver.save(ws.snapshot());
            }
            store.release.countDown();
            saver.flush();

            assertEquals(102, saver.requests());
            assertEquals(2, saver.writes(), "the first write, then one for the whole burst");
            assertEquals(2, store.written.size());
        }
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertEquals(2, back.targets().size());
        // a's edit came first in the burst and was merged under b's later ones: still written
        assertEquals(a.mask(DISC).area(), back.targets().get(0).mask(DISC).area());
        assertTrue(back.targets().get(0).mask(DISC).get(30, 10));
        // b's last state: every stroke and the review flag of the last edit
        assertEquals(b.mask(DISC).area(), back.targets().get(1).mask(DISC).area());
        assertEquals(b.reviewed(), back.targets().get(1).reviewed());
    }

    @Test
    void closingRightAfterAnEditWritesIt() throws Exception {
        Workspace ws = new Workspace(dir);
        TargetEntry a = ws.addTarget(Path.of("/data/a.png"), "a");
        Autosaver saver = new Autosaver(e -> { throw new AssertionError(e); });
        Mask m = a.maskOrEmpty(DISC, 50, 50);
        for (int i = 0; i < 20; i++) {
            MaskTools.stroke(m, 5, 5 + i, 45, 5 + i, 1, true);
            a.setStatus(TargetStatus.EDITED);
            saver.save(ws.snapshot());
        }
        saver.close();

        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertEquals(TargetStatus.EDITED, back.targets().get(0).status());
        assertEquals(m.area(), back.targets().get(0).mask(DISC).area());
        assertTrue(saver.writes() <= saver.requests());
    }

    @Test
    void aFailedWriteIsWrittenAgainWithTheNextSave() throws Exception {
        Workspace ws = new Workspace(dir);
        TargetEntry a = ws.addTarget(Path.of("/data/a.png"), "a");
        List<IOException> errors = new ArrayList<>();
        boolean[] fail = {true};
        try (Autosaver saver = new Autosaver(errors::add, s -> {
            if (fail[0]) {
                throw new IOException("disk full");
            }
            WorkspaceStore.write(s);
        })) {
            MaskTools.stroke(a.maskOrEmpty(DISC, 40, 40), 5, 20, 35, 20, 2, true);
            saver.save(ws.snapshot());
            saver.flush();
            assertEquals(1, errors.size());
            fail[0] = false;
            a.setReviewed(true);
            saver.save(ws.snapshot());
            saver.flush();
        }
        Workspace back = WorkspaceStore.load(dir, new ArrayList<>());
        assertTrue(back.targets().get(0).reviewed());
        // the mask of the failed write was not in the second snapshot (it was not changed again), yet it is on disk
        assertEquals(a.mask(DISC).area(), back.targets().get(0).mask(DISC).area());
    }

    @Test
    void aSaveAfterCloseIsWrittenAtOnceInsteadOfThrowing(@org.junit.jupiter.api.io.TempDir Path late) throws Exception {
        List<IOException> errors = new ArrayList<>();
        Autosaver saver = new Autosaver(errors::add);
        saver.close();
        Workspace ws = new Workspace(late);
        ws.addTarget(Path.of("/data/late.jpg"), "late");
        saver.save(ws.snapshot());

        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(late, problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of(), errors);
        assertEquals("late", back.targets().get(0).name());
    }
}
