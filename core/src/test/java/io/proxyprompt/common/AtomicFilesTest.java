package io.proxyprompt.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void refusingKeepsTheOldFileAndReplacingSwapsItWithNoTemporaryLeft() throws Exception {
        Path f = dir.resolve("out.csv");
        AtomicFiles.writeString(f, "first", AtomicFiles.Existing.REFUSE);
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.writeString(f, "second", AtomicFiles.Existing.REFUSE));
        assertEquals("first", Files.readString(f));
        assertEquals(f.toString(), e.getFile());
        AtomicFiles.writeString(f, "third", AtomicFiles.Existing.REPLACE);
        assertEquals("third", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("out.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void newFilesAreAsReadableAsAnyOtherFileTheUserMakes() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "x", AtomicFiles.Existing.REFUSE);
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertEquals(expected, Files.getPosixFilePermissions(atomic), "not the 0600 of a temporary file");
    }
}
