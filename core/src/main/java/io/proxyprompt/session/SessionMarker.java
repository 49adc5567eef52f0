package io.proxyprompt.session;

import io.proxyprompt.common.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * A file that exists in the workspace folder while the workstation has it open. Found at start-up, it means the
 * last session ended without closing (a crash, a kill, a power cut): the workspace was then restored from its last
 * autosave, and the user is told what came back.
 */
public final class SessionMarker {

    static final String FILE = "session.open";

    /**
     * What a start-up after an unclean stop restored.
     *
     * @param lastSaved when the workspace was last saved (null when unknown)
     * @param targets   targets restored
     * @param corrected of them, targets with hand corrections
     * @param accepted  of them, targets a clinician accepted
     * @param undoSteps undo steps restored over all targets
     * @param sets      support sets restored
     */
    public record Recovery(Instant lastSaved, int targets, int corrected, int accepted, int undoSteps, int sets) {

        /** What the window says, e.g. "Restored after an unexpected stop: 3 targets (1 corrected) ...". */
        public String message() {
            StringBuilder sb = new StringBuilder("The last session did not close normally; restored as last saved");
            if (lastSaved != null) {
                sb.append(" at ").append(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
                        .format(lastSaved.atZone(ZoneId.systemDefault())));
            }
            sb.append(": ").append(plural(targets, "target"));
            if (corrected > 0 || accepted > 0) {
                sb.append(" (").append(corrected).append(" with your corrections, ").append(accepted)
                        .append(" accepted)");
            }
            sb.append(", ").append(plural(sets, "support set"));
            if (undoSteps > 0) {
                sb.append(" and ").append(plural(undoSteps, "undo step"));
            }
            return sb.append(". Check your last changes.").toString();
        }

        private static String plural(int n, String word) {
            return n + " " + word + (n == 1 ? "" : "s");
        }
    }

    private SessionMarker() {
    }

    /**
     * Marks the workspace as open; when it was still marked (the last session did not close), says what the
     * loaded workspace restored. Call after loading it.
     */
    public static Optional<Recovery> open(Workspace ws) throws IOException {
        Path marker = ws.folder().resolve(FILE);
        Optional<Recovery> recovery = Optional.empty();
        if (Files.exists(marker) && (!ws.targets().isEmpty() || !ws.supportSets().isEmpty())) {
            Path state = ws.folder().resolve(Workspace.STATE_FILE);
            Instant saved = Files.isRegularFile(state) ? Files.getLastModifiedTime(state).toInstant() : null;
            int steps = ws.targets().stream().mapToInt(t -> t.history().undoDepth()).sum();
            recovery = Optional.of(new Recovery(saved, ws.targets().size(),
                    (int) ws.targets().stream().filter(t -> !t.editedObjects().isEmpty()).count(),
                    (int) ws.targets().stream().filter(TargetEntry::reviewed).count(), steps,
                    ws.supportSets().size()));
        }
        Files.createDirectories(ws.folder());
        AtomicFiles.writeString(marker, "ProxyPrompt has this workspace open (pid " + ProcessHandle.current().pid()
                + ", since " + Instant.now() + ")\n", AtomicFiles.Existing.REPLACE);
        return recovery;
    }

    /** Marks the workspace as closed normally (after its last save). */
    public static void close(Path folder) throws IOException {
        Files.deleteIfExists(folder.resolve(FILE));
    }
}
