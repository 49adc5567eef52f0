package io.proxyprompt.application;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.image.Images;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One target of a batch: its key, the name results are filed under, and its frames, decoded only when the batch
 * reaches it (so a bad file fails alone and memory holds one target at a time).
 *
 * @param id   the caller's key for the target (a workspace id, or the name on the command line)
 * @param name the unique output name (see {@link TargetNames})
 */
public record BatchTarget(String id, String name, FrameSource source) {

    /** Where a target's frames come from. */
    @FunctionalInterface
    public interface FrameSource {
        /** The frames to segment: one for a photograph, every frame of a multi-frame object or series. */
        List<Frame> frames() throws ImageLoadException;
    }

    public BatchTarget {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(source);
    }

    /** A file or series folder opened through {@code images} when the batch reaches it. */
    public static BatchTarget file(String id, String name, Path file, Images images) {
        return new BatchTarget(id, name, () -> images.open(file, ProgressListener.NONE, CancellationToken.never())
                .stream().flatMap(s -> s.frames().stream()).toList());
    }

    /** An image that is already open. */
    public static BatchTarget stack(String id, String name, ImageStack stack) {
        return new BatchTarget(id, name, stack::frames);
    }
}
