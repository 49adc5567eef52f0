package io.proxyprompt.ui.panels;

import io.proxyprompt.session.ObjectSpec;
import io.proxyprompt.session.SupportSetEntry;
import io.proxyprompt.ui.tasks.ProgressTask;
import io.proxyprompt.application.SupportMasks;

import java.nio.file.Path;

/** Loads one object's support mask from a PNG or a DICOM SEG off the FX thread, then shows it for drawing. */
final class MaskLoading {

    private MaskLoading() {
    }

    /** A refusal (other size, not an image, no such segment) keeps the current mask and names the file. */
    static void load(SupportHost host, SupportSetEntry set, SupportSetEntry.Pair p, ObjectSpec o, Path file,
                     Runnable refresh) {
        host.withStack(p.image(), stack -> {
            var frame = stack.frame(p.frame());
            host.background().io(new ProgressTask<>("Load mask",
                            (progress, cancel) -> SupportMasks.load(file, o.name(), frame)),
                    mask -> {
                        p.putMask(o.name(), mask);
                        set.markDirty();
                        refresh.run();
                        host.supportChanged();
                        host.editSupport(set, p);
                        host.notifier().info("Loaded " + o.label().toLowerCase() + " mask from " + file.getFileName());
                    },
                    err -> host.notifier().error(err.getMessage()));
        });
    }
}
