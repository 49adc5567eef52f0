package io.proxyprompt.batch;

import io.proxyprompt.application.ExportFormat;
import io.proxyprompt.inference.ExecutionDevice;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchOptionsTest {

    @Test
    void supportPairsTakeTheMasksAndFrameThatFollowThem() throws Exception {
        BatchOptions o = BatchOptions.parse(new String[] {"--support", "a.dcm", "--frame", "3", "--mask", "disc=a.png",
                "--mask", "cup=b.png", "--support", "c.jpg", "--mask", "disc=c.png", "--mask", "cup=d.png",
                "--out", "o", "--device", "cpu", "--format", "both", "--manifest", "m.csv", "x/", "y*.jpg"});
        assertEquals(2, o.supports().size());
        assertEquals(2, o.supports().get(0).frame(), "--frame is 1-based");
        assertEquals(Map.of("disc", Path.of("a.png"), "cup", Path.of("b.png")), o.supports().get(0).masks());
        assertEquals(List.of("disc", "cup"), List.copyOf(o.supports().get(1).masks().keySet()));
        assertEquals(ExecutionDevice.CPU, o.device());
        assertEquals(Set.of(ExportFormat.PNG, ExportFormat.SEG), o.formats());
        assertEquals(List.of("m.csv"), o.manifests());
        assertEquals(List.of("x/", "y*.jpg"), o.inputs());
        assertEquals(BatchOptions.DEFAULT_COMMIT_EVERY, o.commitEvery());
    }

    @Test
    void aWorkspaceReplacesSupportPairs() throws Exception {
        BatchOptions o = BatchOptions.parse(new String[] {"--workspace", "ws", "--support-set", "Disc + cup",
                "--out", "o", "t.jpg"});
        assertEquals(Path.of("ws"), o.workspace());
        assertEquals("Disc + cup", o.supportSet());
        assertTrue(o.supports().isEmpty());
        assertEquals(Set.of(ExportFormat.PNG), o.formats());
    }

    @Test
    void unusableCommandLinesSayWhatToChange() {
        assertMessage("give a support set", "--out", "o", "t.jpg");
        assertMessage("not both", "--support", "a.jpg", "--mask", "disc=a.png", "--workspace", "w", "--out", "o",
                "t.jpg");
        assertMessage("--mask disc.png: write it as NAME=FILE", "--support", "a.jpg", "--mask", "disc.png", "--out",
                "o", "t.jpg");
        assertMessage("no --mask NAME=FILE follows it", "--support", "a.jpg", "--out", "o", "t.jpg");
        assertMessage("--out DIR is required", "--support", "a.jpg", "--mask", "disc=a.png", "t.jpg");
        assertMessage("give targets", "--support", "a.jpg", "--mask", "disc=a.png", "--out", "o");
        assertMessage("--format must be png, seg or both", "--support", "a.jpg", "--mask", "disc=a.png", "--out", "o",
                "--format", "tiff", "t.jpg");
        assertMessage("--commit-every must be 1 or more", "--support", "a.jpg", "--mask", "disc=a.png", "--out", "o",
                "--commit-every", "0", "t.jpg");
        assertMessage("unknown device 'gpu'", "--support", "a.jpg", "--mask", "disc=a.png", "--out", "o", "--device",
                "gpu", "t.jpg");
        assertMessage("unknown option --bogus", "--bogus");
    }

    private static void assertMessage(String expected, String... args) {
        BatchOptions.UsageException e = assertThrows(BatchOptions.UsageException.class,
                () -> BatchOptions.parse(args));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
