package io.proxyprompt.image;

import java.nio.file.Path;

/**
 * A file could not be opened as an image. The message is for the user: it names the file, what is wrong and
 * what to do (e.g. "IDRiD_01.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless);
 * convert it to uncompressed or JPEG 2000 first").
 */
public class ImageLoadException extends Exception {

    private final Path file;

    public ImageLoadException(Path file, String problem) {
        super(file.getFileName() + ": " + problem);
        this.file = file;
    }

    public ImageLoadException(Path file, String problem, Throwable cause) {
        super(file.getFileName() + ": " + problem, cause);
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
