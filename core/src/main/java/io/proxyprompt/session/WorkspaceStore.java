package io.proxyprompt.session;

import io.proxyprompt.mask.MaskFiles;

import io.proxyprompt.common.AtomicFiles;

import io.proxyprompt.edit.HistoryFiles;
import io.proxyprompt.edit.MaskHistory;
import io.proxyprompt.edit.PixelRect;
import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.QcFlag;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Writes workspace snapshots to their folder (masks first, then the state file, each atomically) and reads a
 * folder back, so a killed process reopens at its last completed save.
 */
public final class WorkspaceStore {

    private WorkspaceStore() {
    }

    /** Writes the snapshot; safe to call from a background thread. */
    public static void write(Workspace.Snapshot snapshot) throws IOException {
        for (Map.Entry<String, Mask> e : snapshot.masks().entrySet()) {
            MaskFiles.write(snapshot.folder().resolve(e.getKey()), e.getValue(), AtomicFiles.Existing.REPLACE);
        }
        for (Map.Entry<String, MaskHistory.State> e : snapshot.histories().entrySet()) {
            HistoryFiles.write(snapshot.folder().resolve(e.getKey()), e.getValue());
        }
        AtomicFiles.writeString(snapshot.folder().resolve(Workspace.STATE_FILE), snapshot.stateText(),
                AtomicFiles.Existing.REPLACE);
    }

    /** True when the folder holds a saved workspace. */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(Workspace.STATE_FILE));
    }

    /**
     * Opens the workspace in {@code folder} (an empty workspace when nothing was saved there yet). Masks that are
     * missing or unreadable are reported in {@code problems} and skipped; the rest still opens.
     */
    public static Workspace load(Path folder, List<String> problems) throws IOException {
        return load(folder, problems, false);
    }

    /**
     * As {@link #load(Path, List)}; with {@code lazy} the targets' masks and undo histories stay on disk until each
     * target first needs them (a workspace of many targets opens at once), and what cannot be read then is reported
     * by the target ({@link TargetEntry#accept}, {@link TargetEntry#takeReadProblems}).
     */
    public static Workspace load(Path folder, List<String> problems, boolean lazy) throws IOException {
        Workspace ws = new Workspace(folder);
        removeLeftoverTempFiles(folder);
        if (!exists(folder)) {
            return ws;
        }
        Properties p = new Properties();
        try (StringReader r = new StringReader(Files.readString(folder.resolve(Workspace.STATE_FILE)))) {
            p.load(r);
        } catch (IllegalArgumentException e) {
            throw new IOException(Workspace.STATE_FILE + " in " + folder + " is damaged (" + e.getMessage()
                    + "); open another workspace folder or move this file away");
        }
        ws.reserveIds(intOf(p, "nextId", 1));
        int targets = intOf(p, "targets", 0);
        for (int i = 0; i < targets; i++) {
            String k = "target." + i + ".";
            TargetEntry t = new TargetEntry(p.getProperty(k + "id", "t?" + i), Path.of(p.getProperty(k + "source")),
                    p.getProperty(k + "name", "target " + (i + 1)));
            t.setStatus(enumOf(p.getProperty(k + "status"), TargetStatus.NOT_RUN));
            t.setReviewed(Boolean.parseBoolean(p.getProperty(k + "reviewed")));
            t.setProblem(p.getProperty(k + "problem"));
            list(p.getProperty(k + "edited")).forEach(t::markEdited);
            t.setStale(Boolean.parseBoolean(p.getProperty(k + "stale")));
            for (String ow : list(p.getProperty(k + "madeWith"))) {
                String[] parts = ow.split(":", 2);
                if (parts.length == 2) {
                    t.setMadeWith(parts[0], parts[1]);
                }
            }
            java.util.Set<Layer> layers = new java.util.LinkedHashSet<>();
            for (String key : list(p.getProperty(k + "masks"))) {
                Layer layer;
                try {
                    layer = Layer.parse(key);
                } catch (IllegalArgumentException e) {
                    problems.add(Workspace.STATE_FILE + ": skipped mask '" + key + "' of " + t.name() + " ("
                            + e.getMessage() + ")");
                    continue;
                }
                layers.add(layer);
                String iou = p.getProperty(k + "iou." + key);
                if (iou != null) {
                    try {
                        t.setPredictedIou(layer, Float.parseFloat(iou));
                    } catch (NumberFormatException e) {
                        problems.add(Workspace.STATE_FILE + ": ignored a bad confidence of " + t.name());
                    }
                }
                java.util.Set<QcFlag> flags = java.util.EnumSet.noneOf(QcFlag.class);
                for (String code : list(p.getProperty(k + "qc." + key))) {
                    java.util.Arrays.stream(QcFlag.values()).filter(f -> f.code().equals(code))
                            .forEach(flags::add);
                }
                t.setFlags(layer, flags);
                try {
                    t.setClicks(layer, io.proxyprompt.segment.Click.parse(p.getProperty(k + "clicks." + key)));
                } catch (IllegalArgumentException e) {
                    problems.add(Workspace.STATE_FILE + ": ignored the clicks of " + t.name() + " ("
                            + e.getMessage() + ")");
                }
            }
            TargetEntry.SavedMasks reader = () -> readSaved(folder, t, layers);
            t.readLater(layers, reader);
            if (!lazy) {
                problems.addAll(t.accept(reader.read()));
            }
            t.takeDirty();
            ws.addLoadedTarget(t);
        }
        int sets = intOf(p, "sets", 0);
        for (int i = 0; i < sets; i++) {
            String k = "set." + i + ".";
            SupportSetEntry s = new SupportSetEntry(p.getProperty(k + "id", "s?" + i),
                    p.getProperty(k + "name", "Support set " + (i + 1)));
            for (String o : list(p.getProperty(k + "objects"))) {
                String[] nc = o.split(":", 2);
                try {
                    s.putObject(new ObjectSpec(nc[0], nc.length > 1 ? nc[1] : "#FFFFFF"));
                } catch (IllegalArgumentException e) {
                    problems.add(Workspace.STATE_FILE + ": skipped object '" + o + "' (" + e.getMessage() + ")");
                }
            }
            int pairs = intOf(p, k + "pairs", 0);
            for (int j = 0; j < pairs; j++) {
                String pk = k + "pair." + j + ".";
                SupportSetEntry.Pair pair = new SupportSetEntry.Pair(p.getProperty(pk + "id", "p?" + j),
                        Path.of(p.getProperty(pk + "image")), intOf(p, pk + "frame", 0));
                for (String o : list(p.getProperty(pk + "masks"))) {
                    Mask m = readMask(folder.resolve(Workspace.supportMaskPath(s, pair, o)), problems);
                    if (m != null) {
                        pair.putMask(o, m);
                    }
                    try {
                        pair.setClicks(o, io.proxyprompt.segment.Click.parse(p.getProperty(pk + "clicks." + o)));
                    } catch (IllegalArgumentException e) {
                        problems.add(Workspace.STATE_FILE + ": ignored the clicks of " + o + " on "
                                + pair.image().getFileName() + " (" + e.getMessage() + ")");
                    }
                }
                MaskHistory.State steps = savedHistory(folder.resolve(Workspace.supportHistoryPath(s, pair)),
                        pair::mask, pair.image().getFileName() + " (support)", problems);
                if (steps != null) {
                    pair.history().restore(steps);
                }
                pair.historySaved();
                s.addPair(pair);
            }
            s.takeDirty();
            ws.addLoadedSet(s);
        }
        ws.setSelectedSetId(p.getProperty("selectedSet"));
        ws.setModelText(p.getProperty("model"));
        return ws;
    }

    /** Reads a target's saved masks and undo history (the reader behind {@link TargetEntry.SavedMasks}). */
    private static TargetEntry.Saved readSaved(Path folder, TargetEntry t, java.util.Set<Layer> layers) {
        List<String> problems = new ArrayList<>();
        Map<Layer, Mask> masks = new java.util.LinkedHashMap<>();
        for (Layer layer : layers) {
            Mask m = readMask(folder.resolve(Workspace.targetMaskPath(t, layer)), problems);
            if (m != null) {
                masks.put(layer, m);
            }
        }
        MaskHistory.State steps = savedHistory(folder.resolve(Workspace.targetHistoryPath(t)),
                key -> masks.get(Layer.parse(key)), t.name(), problems);
        return new TargetEntry.Saved(masks, steps, problems);
    }

    /** Reads saved undo steps; null (with a note) when they cannot be read or do not fit the masks. */
    private static MaskHistory.State savedHistory(Path file, java.util.function.Function<String, Mask> masks,
                                                  String name, List<String> problems) {
        MaskHistory.State state;
        try {
            state = HistoryFiles.read(file);
        } catch (IOException e) {
            problems.add(name + ": the undo history could not be restored (" + e.getMessage()
                    + "); the masks are as last saved");
            return null;
        }
        boolean fits = java.util.stream.Stream.concat(state.undo().stream(), state.redo().stream())
                .flatMap(s -> s.changes().stream()).allMatch(c -> fits(masks, c.layer(), c.region()));
        if (fits) {
            return state;
        }
        problems.add(name + ": the undo history does not match the saved masks and was dropped; the masks "
                + "are as last saved");
        return null;
    }

    private static boolean fits(java.util.function.Function<String, Mask> masks, String key, PixelRect r) {
        try {
            Mask m = masks.apply(key);
            return m != null && r.x() + r.width() <= m.width() && r.y() + r.height() <= m.height();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Mask readMask(Path file, List<String> problems) {
        try {
            return MaskFiles.read(file);
        } catch (IOException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static void removeLeftoverTempFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).forEach(leftovers::add);
        }
        for (Path f : leftovers) {
            Files.deleteIfExists(f);
        }
    }

    static String format(Properties p) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, "ProxyPrompt workspace (autosaved; edit with care)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }

    private static int intOf(Properties p, String key, int fallback) {
        try {
            return Integer.parseInt(p.getProperty(key, Integer.toString(fallback)).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static <E extends Enum<E>> E enumOf(String name, E fallback) {
        try {
            return name == null ? fallback : Enum.valueOf(fallback.getDeclaringClass(), name);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
