package io.proxyprompt.inference;

import java.nio.file.Path;

/** A model folder is missing, corrupt or does not match the ONNX contract; the message names the file and the fix. */
public class ModelLoadException extends Exception {

    private final Path file;

    public ModelLoadException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or folder) at fault. */
    public Path file() {
        return file;
    }
}
