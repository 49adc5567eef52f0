package io.proxyprompt.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workstation's log file: where it goes, how it rolls over, what it never contains. */
class LogFileTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogFileTest.class);

    @TempDir
    Path tmp;

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void infoAndAboveGoToTheFileInTheFolderWhileItIsOpen() throws Exception {
        Path folder = tmp.resolve("workspace/logs");
        try (LogFile log = LogFile.start(folder)) {
            assertEquals(Optional.of(folder.toAbsolutePath()), LogFile.activeFolder());
            assertEquals(folder.resolve(LogFile.FILE_NAME).toAbsolutePath(), log.file());
            LOG.debug("not recorded");
            LOG.info("model loaded");
            LOG.warn("a target failed", new IllegalStateException("the cause"));
        }
        assertEquals(Optional.empty(), LogFile.activeFolder());
        LOG.info("after close");
        String text = Files.readString(folder.resolve(LogFile.FILE_NAME));
        assertTrue(text.contains("INFO  [") && text.contains("LogFileTest - model loaded"), text);
        assertTrue(text.contains("WARN") && text.contains("java.lang.IllegalStateException: the cause")
                && text.contains("\tat io.proxyprompt.logging.LogFileTest."), "the stack trace is kept:\n" + text);
        assertFalse(text.contains("not recorded") || text.contains("after close"), text);
    }

    @Test
    void itRollsOverAtTheSizeAndKeepsTheNewestFiles() throws Exception {
        Path folder = tmp.resolve("logs");
        String line = "x".repeat(100);
        try (LogFile ignored = LogFile.start(folder, 2048, 3)) {
            for (int i = 0; i < 300; i++) {
                LOG.info("line {} {}", i, line);
            }
        }
        assertEquals(List.of("proxyprompt.1.log", "proxyprompt.2.log", "proxyprompt.3.log", "proxyprompt.log"),
                files(folder));
        for (String f : files(folder)) {
            assertTrue(Files.size(folder.resolve(f)) < 2048 + 400, f + " is " + Files.size(folder.resolve(f)));
        }
        assertTrue(Files.readString(folder.resolve("proxyprompt.log")).contains("line 299 "), "newest in the file");
        assertFalse(Files.readString(folder.resolve("proxyprompt.3.log")).contains("line 0 "), "oldest dropped");
    }

    @Test
    void secretsAndPatientNamesNeverReachTheFile() throws Exception {
        Path folder = tmp.resolve("logs");
        try (LogFile ignored = LogFile.start(folder)) {
            LOG.info("proxy login password=hunter2, token: abc123 Authorization: Bearer eyJhbGci from"
                    + " https://alice:s3cret@pacs.example/wado for Doe^Jane");
            LOG.warn("upload failed", new IllegalArgumentException("api_key=XYZ789 rejected for MÜLLER^Jürgen^^Dr"));
        }
        String text = Files.readString(folder.resolve(LogFile.FILE_NAME));
        for (String secret : List.of("hunter2", "abc123", "eyJhbGci", "alice", "s3cret", "XYZ789", "Doe", "Jane",
                "MÜLLER", "Jürgen")) {
            assertFalse(text.contains(secret), secret + " in\n" + text);
        }
        assertTrue(text.contains("password=***") && text.contains("token: ***") && text.contains("https://***@pacs")
                && text.contains("for ***"), text);
    }

    @Test
    void scrubbingLeavesOrdinaryTextAlone() {
        String ordinary = "Run: fundus_2 segmented in 412 ms on CPU (2 threads) - auto: no NVIDIA device; "
                + "C:\\data\\eye.png, /home/u/ws/logs, tokens 256, x^2";
        assertEquals(ordinary, ScrubbingLayout.scrub(ordinary));
    }

    @Test
    void aFolderThatCannotBeCreatedIsReportedNamingIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        IOException e = assertThrows(IOException.class, () -> LogFile.start(file.resolve("logs")));
        assertTrue(e.getMessage().contains("not-a-folder"), e.getMessage());
    }
}
