package io.proxyprompt.segment;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.nio.file.Path;
import java.util.List;

/** An image to segment, loaded only when the batch reaches it so a bad file fails alone. */
public interface Target {

    /** The name results are filed under (file stem). */
    String name();

    /** The frames to segment (one for a photograph; each frame of a multi-frame or series source). */
    List<Frame> load() throws ImageLoadException;

    /** An already decoded frame. */
    static Target of(String name, Frame frame) {
        return new Target() {
            public String name() {
                return name;
            }

            public List<Frame> load() {
                return List.of(frame);
            }
        };
    }

    /** A file or series folder opened through {@link Images} when the batch reaches it. */
    static Target file(Path file, Images images) {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        // a folder (a DICOM series, often named by its UID) keeps its whole name: UIDs differ in their last part
        String stem = dot <= 0 || java.nio.file.Files.isDirectory(file) ? fileName : fileName.substring(0, dot);
        return new Target() {
            public String name() {
                return stem;
            }

            public List<Frame> load() throws ImageLoadException {
                List<ImageStack> stacks = images.open(file, ProgressListener.NONE, CancellationToken.never());
                return stacks.stream().flatMap(s -> s.frames().stream()).toList();
            }
        };
    }
}
