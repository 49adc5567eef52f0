package io.proxyprompt.ui.panels;

import io.proxyprompt.image.ImageStack;
import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.Notifier;
import io.proxyprompt.ui.tasks.Background;
import javafx.scene.image.Image;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** What the support library needs from the main window: images, the viewer, background work and messages. */
public interface SupportHost {

    /** The target shown in the viewer, offered as a support image. */
    Optional<TargetEntry> currentTarget();

    /** The frame shown in the viewer (a series or multi-frame target can give any frame as support). */
    int currentFrame();

    /** Opens (or takes from the cache) an image off the FX thread; {@code then} runs on the FX thread. */
    void withStack(Path image, Consumer<ImageStack> then);

    /** A small preview of an opened image, or null while none exists. */
    Image thumbnail(Path image);

    /** Shows the support pair in the viewer for drawing. */
    void editSupport(SupportSetEntry set, SupportSetEntry.Pair pair);

    /** The support library changed: save the workspace and refresh what depends on the set. */
    void supportChanged();

    /** The preset with the colour the user chose for it in the preferences. */
    ObjectSpec withPreferredColour(ObjectSpec preset);

    Background background();

    Notifier notifier();

    Window window();
}
