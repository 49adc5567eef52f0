package io.proxyprompt.ui.tasks;

import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageReader;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens what the user picked (files or folders) with the first {@link ImageReader} that understands each one.
 * Runs on a worker thread; every failure is an {@link ImageLoadException} whose message names the file.
 */
public final class ImageOpener {

    private final Optional<Images> images;

    public ImageOpener(List<ImageReader> readers) {
        this.images = readers.isEmpty() ? Optional.empty() : Optional.of(new Images(readers));
    }

    /** The engine's image service over the same readers (for evaluating annotated cases). */
    public Images images() {
        return images.orElseGet(() -> new Images(List.of()));
    }

    /** True when at least one reader is installed (a build without the image readers cannot open anything). */
    public boolean canOpenAnything() {
        return images.isPresent();
    }

    /** Opens one file, or a folder (as a DICOM series when a reader takes the folder, else file by file). */
    public List<ImageStack> open(Path path, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        if (!Files.exists(path)) {
            throw new ImageLoadException(path, "not found; it may have been moved or deleted");
        }
        // the engine's dispatch, with the UI's own messages (they point at the menu items)
        Optional<ImageReader> reader = images.flatMap(i -> i.readerFor(path));
        if (reader.isPresent()) {
            return reader.get().read(path, progress, cancel);
        }
        if (Files.isDirectory(path)) {
            throw new ImageLoadException(path, "is a folder; open the files in it with File > Open folder");
        }
        throw new ImageLoadException(path, "is not an image this workstation can open; use a PNG, JPEG or TIFF "
                + "photograph or a DICOM file");
    }

    /** The files directly inside a folder that some reader can open, sorted by name. */
    public List<Path> openableFilesIn(Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f) && images.map(i -> i.canRead(f)).orElse(false)) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
