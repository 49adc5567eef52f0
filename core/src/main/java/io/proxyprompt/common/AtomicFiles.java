package io.proxyprompt.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader never sees half a file: the bytes go to a hidden temporary sibling, are flushed to
 * disk, and the file is then moved into place in one step. Whether an existing file may be replaced is always the
 * caller's explicit choice, and new files get the same permissions as any other file the user creates.
 */
public final class AtomicFiles {

    /** What to do when the target already exists. */
    public enum Existing {
        /** Fail with {@link FileAlreadyExistsException}, also when the file appears while writing. */
        REFUSE,
        /** Replace it in one step. */
        REPLACE;

        /** REPLACE when {@code overwrite}, else REFUSE. */
        public static Existing replaceIf(boolean overwrite) {
            return overwrite ? REPLACE : REFUSE;
        }
    }

    /** Streams a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Suffix of the temporary files; leftovers of a killed process can be recognised and removed. */
    public static final String TEMP_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}. */
    public static void write(Path target, byte[] bytes, Existing existing) throws IOException {
        write(target, out -> out.write(bytes), existing);
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text, Existing existing) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), existing);
    }

    /**
     * Writes what {@code content} streams to {@code target}.
     *
     * @throws FileAlreadyExistsException when {@code existing} is REFUSE and the target exists (the message says
     *                                    what to do)
     */
    public static void write(Path target, Content content, Existing existing) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (existing == Existing.REFUSE && Files.exists(target)) {
            throw alreadyExists(target);
        }
        // Not Files.createTempFile: that makes owner-only (0600) files, and outputs must be as readable as any other.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(tmp, target, existing);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, Existing existing) throws IOException {
        if (existing == Existing.REPLACE) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        // A hard link fails if the target exists, even one that appeared while writing; a rename would replace it.
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(target);
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(target)) {
                throw alreadyExists(target);
            }
            Files.move(tmp, target);
        }
    }

    private static FileAlreadyExistsException alreadyExists(Path target) {
        return new FileAlreadyExistsException(target.toString(), null,
                "already exists; choose another output folder or allow overwriting");
    }
}
