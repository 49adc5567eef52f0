package io.proxyprompt.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AutosaverTest {

    @TempDir
    Path dir;

    @Test
    void aSaveAfterCloseIsWrittenAtOnceInsteadOfThrowing() throws Exception {
        List<IOException> errors = new ArrayList<>();
        Autosaver saver = new Autosaver(errors::add);
        saver.close();
        Workspace ws = new Workspace(dir);
        ws.addTarget(Path.of("/data/late.jpg"), "late");
        saver.save(ws.snapshot());

        List<String> problems = new ArrayList<>();
        Workspace back = WorkspaceStore.load(dir, problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of(), errors);
        assertEquals("late", back.targets().get(0).name());
    }
}
