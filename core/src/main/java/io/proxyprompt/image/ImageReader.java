package io.proxyprompt.image;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Opens one kind of source (raster photographs, DICOM files and series) as image stacks. */
public interface ImageReader {

    /** Whether this reader understands the file (by content where possible, not only by extension). */
    boolean canRead(Path file);

    /**
     * Whether this reader opens a folder of its files as a whole (a DICOM series) rather than file by file; then
     * {@link Images#expand} hands it the folder.
     */
    default boolean readsFolders() {
        return false;
    }

    /**
     * Reads the file into one or more stacks (a DICOM folder may hold several series).
     *
     * @throws ImageLoadException with a message naming the file and what to do
     */
    List<ImageStack> read(Path file, ProgressListener progress, CancellationToken cancel) throws ImageLoadException;

    /**
     * Why a file this reader recognises holds nothing to segment (a DICOM SEG holds masks, not an image), or empty
     * when it is an image. Front ends skip such files as targets with this message instead of failing on them.
     */
    default Optional<String> notAnImage(Path file) {
        return Optional.empty();
    }
}
