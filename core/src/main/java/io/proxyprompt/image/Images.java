package io.proxyprompt.image;

import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Opens a file or folder with the first of its injected {@link ImageReader}s that understands it. */
public final class Images {

    private final List<ImageReader> readers;

    /** @param readers tried in order (e.g. DICOM before raster, since DICOM files may lack an extension) */
    public Images(List<ImageReader> readers) {
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("Images needs at least one reader");
        }
        this.readers = List.copyOf(readers);
    }

    /** Whether some reader claims the file (or folder, for readers that open series). */
    public boolean canRead(Path file) {
        return readerFor(file).isPresent();
    }

    /** The first reader, in the order given, that claims the file (or folder, for readers that open series). */
    public Optional<ImageReader> readerFor(Path file) {
        return readers.stream().filter(r -> r.canRead(file)).findFirst();
    }

    /** Why the file holds nothing to segment although a reader recognises it (e.g. a DICOM SEG), or empty. */
    public Optional<String> notAnImage(Path file) {
        return readerFor(file).flatMap(r -> r.notAnImage(file));
    }

    /**
     * Opens one file (or a folder a reader claims as a whole, such as a DICOM series).
     *
     * @throws ImageLoadException naming the file when it is missing, not an image, or cannot be decoded
     */
    public List<ImageStack> open(Path file, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        if (!Files.exists(file)) {
            throw new ImageLoadException(file, "file not found; check the path");
        }
        if (!Files.isReadable(file)) {
            throw new ImageLoadException(file, "cannot be read (permission denied)");
        }
        Optional<ImageReader> reader = readerFor(file);
        if (reader.isPresent()) {
            return reader.get().read(file, progress, cancel);
        }
        throw new ImageLoadException(file, Files.isDirectory(file)
                ? "is a folder; open the images inside it"
                : "is not an image this build can open (PNG, JPEG, TIFF, BMP, or DICOM where supported)");
    }

    /** Opens a file expecting exactly one frame (support images, single photographs). */
    public Frame openFrame(Path file) throws ImageLoadException {
        List<ImageStack> stacks = open(file, ProgressListener.NONE, CancellationToken.never());
        if (stacks.isEmpty()) {
            throw new ImageLoadException(file, "holds no image");
        }
        return stacks.get(0).frame(0);
    }

    /**
     * Expands what a user named into what to open, by one rule for the workstation and the command line: a file
     * stays itself; in a folder, the files a folder-reading reader claims by their content (DICOM, whatever their
     * names) are opened together as the folder (one target per series, subfolders included), and every other
     * regular, non-hidden file is opened on its own, sorted by name, whether or not it is an image, so that a bad
     * file is reported rather than silently skipped.
     */
    public List<Path> expand(Path fileOrFolder) throws ImageLoadException {
        if (!Files.isDirectory(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(fileOrFolder)) {
            entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new ImageLoadException(fileOrFolder, "folder cannot be listed: " + e.getMessage(), e);
        }
        List<Path> out = new ArrayList<>();
        boolean seriesAdded = false;
        for (Path p : entries) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            Optional<ImageReader> reader = readerFor(p);
            // a SEG among a series' files is listed on its own, so a front end can say it is skipped
            if (reader.isPresent() && reader.get().readsFolders() && reader.get().notAnImage(p).isEmpty()) {
                if (!seriesAdded) {
                    out.add(fileOrFolder);
                    seriesAdded = true;
                }
            } else {
                out.add(p);
            }
        }
        if (!seriesAdded) {
            // no series files at this level: a subfolder a reader claims (a series) is opened as a whole
            for (Path p : entries) {
                if (Files.isDirectory(p) && readers.stream().anyMatch(r -> r.readsFolders() && r.canRead(p))) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
