package io.proxyprompt.dicom;

import java.nio.file.Path;

/**
 * A DICOM file could not be read or decoded. The message names the file, the byte offset (when there is one)
 * and what is wrong, so it can be shown to the user as is.
 */
public class DicomParseException extends Exception {

    private final Path file;
    private final long offset;
    private final String problem;

    public DicomParseException(Path file, long offset, String problem) {
        super(name(file) + (offset >= 0 ? " at byte " + offset : "") + ": " + problem);
        this.file = file;
        this.offset = offset;
        this.problem = (offset >= 0 ? "at byte " + offset + ": " : "") + problem;
    }

    public DicomParseException(Path file, String problem, Throwable cause) {
        super(name(file) + ": " + problem, cause);
        this.file = file;
        this.offset = -1;
        this.problem = problem;
    }

    /** The message without the file name (for wrappers that add the name themselves). */
    public String problem() {
        return problem;
    }

    private static String name(Path file) {
        return file == null ? "(stream)" : String.valueOf(file.getFileName());
    }

    /** The file, or {@code null} for data that did not come from a file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the problem in the (inflated) stream, or -1. */
    public long offset() {
        return offset;
    }
}
