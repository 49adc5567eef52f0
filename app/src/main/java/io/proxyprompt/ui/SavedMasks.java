package io.proxyprompt.ui;

import io.proxyprompt.session.TargetEntry;
import io.proxyprompt.ui.tasks.Background;
import io.proxyprompt.ui.tasks.ProgressTask;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the masks that a lazily opened workspace left on disk, for the targets about to be shown, run or exported:
 * the files are read on an I/O thread and handed to the targets on the FX thread, and what could not be read is
 * shown by name.
 */
final class SavedMasks {

    private final Background background;
    private final Notifier notifier;

    SavedMasks(Background background, Notifier notifier) {
        this.background = background;
        this.notifier = notifier;
    }

    private record Read(TargetEntry target, TargetEntry.Saved saved) {
    }

    /** Reads what the targets still have on disk, then runs {@code then} on the FX thread (at once if nothing). */
    void read(List<TargetEntry> targets, Runnable then) {
        List<TargetEntry> unread = targets.stream().filter(t -> !t.masksRead()).toList();
        if (unread.isEmpty()) {
            then.run();
            return;
        }
        List<TargetEntry.SavedMasks> readers = unread.stream().map(t -> t.savedMasks().orElse(null)).toList();
        background.io(new ProgressTask<>("Read saved masks", (progress, cancel) -> {
            List<Read> out = new ArrayList<>();
            for (int i = 0; i < unread.size(); i++) {
                cancel.throwIfCancelled();
                if (readers.get(i) != null) {
                    out.add(new Read(unread.get(i), readers.get(i).read()));
                }
            }
            return out;
        }), read -> {
            List<String> problems = new ArrayList<>();
            read.forEach(r -> problems.addAll(r.target().accept(r.saved())));
            targets.forEach(t -> problems.addAll(t.takeReadProblems()));
            if (!problems.isEmpty()) {
                notifier.error(String.join("\n", problems));
            }
            then.run();
        }, e -> {
            notifier.error("Could not read the saved masks: " + e.getMessage());
            then.run();
        });
    }
}
