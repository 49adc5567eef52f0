package io.proxyprompt.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so a reader never sees half a file and nothing is overwritten unless the caller says so. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code target}, then moves it into place.
     *
     * @param overwrite whether an existing {@code target} may be replaced
     * @throws FileAlreadyExistsException when the target exists and {@code overwrite} is false
     */
    public static void write(Path target, byte[] bytes, boolean overwrite) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "already exists; choose another output folder or allow overwriting");
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            try {
                if (overwrite) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // createLink fails if the target appeared meanwhile, so a concurrent writer is never clobbered.
                    Files.createLink(target, tmp);
                }
            } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
                if (overwrite) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(tmp, target);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
