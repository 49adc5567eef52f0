package io.proxyprompt.session;

import io.proxyprompt.mask.Mask;
import io.proxyprompt.quality.QcFlag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The clinician's work in one folder: opened targets with their masks and review state, and the support sets.
 * Changed on one thread; {@link #snapshot()} copies what changed so that {@link WorkspaceStore} can write it on
 * another thread while editing goes on.
 */
public final class Workspace {

    /**
     * What to write: the state file's entries (a copy no one changes afterwards), copies of the masks that changed
     * and the undo histories that changed, by path inside the folder. The state is formatted as text by
     * {@link #stateText()} on the thread that writes it, not on the thread that edits.
     */
    public record Snapshot(Path folder, Properties state, Map<String, Mask> masks,
                           Map<String, io.proxyprompt.edit.MaskHistory.State> histories) {

        /** The state file's text. */
        public String stateText() {
            return WorkspaceStore.format(state);
        }

        /**
         * This snapshot with a later one of the same folder laid over it: the later state, and every mask and
         * history of both (the later copy where both have one), so that writing the result loses nothing.
         */
        public Snapshot followedBy(Snapshot later) {
            if (!folder.equals(later.folder())) {
                throw new IllegalArgumentException("snapshots of two workspaces: " + folder + ", " + later.folder());
            }
            Map<String, Mask> m = new LinkedHashMap<>(masks);
            m.putAll(later.masks());
            Map<String, io.proxyprompt.edit.MaskHistory.State> h = new LinkedHashMap<>(histories);
            h.putAll(later.histories());
            return new Snapshot(folder, later.state(), m, h);
        }
    }

    static final String STATE_FILE = "workspace.properties";

    private final Path folder;
    private final List<TargetEntry> targets = new ArrayList<>();
    private final List<SupportSetEntry> sets = new ArrayList<>();
    private String selectedSetId;
    private String model;
    private int nextId = 1;

    public Workspace(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    public Path folder() {
        return folder;
    }

    /** A new id, unique inside this workspace. */
    public String newId(String prefix) {
        return prefix + (nextId++);
    }

    void reserveIds(int next) {
        nextId = Math.max(nextId, next);
    }

    public List<TargetEntry> targets() {
        return Collections.unmodifiableList(targets);
    }

    public TargetEntry addTarget(Path source, String name) {
        TargetEntry t = new TargetEntry(newId("t"), source.toAbsolutePath(), name);
        t.markDirty();
        targets.add(t);
        return t;
    }

    void addLoadedTarget(TargetEntry t) {
        targets.add(t);
    }

    public Optional<TargetEntry> findTarget(Path source) {
        Path abs = source.toAbsolutePath();
        return targets.stream().filter(t -> t.source().equals(abs)).findFirst();
    }

    public void removeTarget(TargetEntry t) {
        targets.remove(t);
    }

    public List<SupportSetEntry> supportSets() {
        return Collections.unmodifiableList(sets);
    }

    public SupportSetEntry addSupportSet(String name) {
        SupportSetEntry s = new SupportSetEntry(newId("s"), name);
        sets.add(s);
        if (selectedSetId == null) {
            selectedSetId = s.id();
        }
        return s;
    }

    void addLoadedSet(SupportSetEntry s) {
        sets.add(s);
    }

    public void removeSupportSet(SupportSetEntry s) {
        sets.remove(s);
        if (s.id().equals(selectedSetId)) {
            selectedSetId = sets.isEmpty() ? null : sets.get(0).id();
        }
    }

    public Optional<SupportSetEntry> selectedSet() {
        return sets.stream().filter(s -> s.id().equals(selectedSetId)).findFirst();
    }

    public void selectSet(SupportSetEntry s) {
        selectedSetId = s == null ? null : s.id();
    }

    String selectedSetId() {
        return selectedSetId;
    }

    void setSelectedSetId(String id) {
        selectedSetId = id;
    }

    /**
     * The model folder chosen for this workspace (an adapted model), or empty for the base model. A folder inside
     * the workspace is remembered relative to it, so the workspace can be moved.
     */
    public Optional<Path> model() {
        return model == null ? Optional.empty() : Optional.of(folder.resolve(model).normalize());
    }

    /** Chooses the model of this workspace; null: the base model. */
    public void setModel(Path modelFolder) {
        if (modelFolder == null) {
            model = null;
            return;
        }
        Path abs = modelFolder.toAbsolutePath().normalize();
        model = (abs.startsWith(folder) ? folder.relativize(abs) : abs).toString();
    }

    void setModelText(String text) {
        model = text == null || text.isBlank() ? null : text;
    }

    /**
     * The fingerprint a run's results are recorded with: the support set's, plus the adapted model's folder name
     * when one is chosen, so that results made with another model read as out of date.
     */
    public String resultFingerprint(SupportSetEntry set) {
        return model().map(m -> set.fingerprint() + "+" + m.getFileName().toString().replaceAll("[,:\\s]", "-"))
                .orElse(set.fingerprint());
    }

    static String targetMaskPath(TargetEntry t, Layer layer) {
        return "targets/" + t.id() + "/" + layer.key() + ".png";
    }

    static String targetHistoryPath(TargetEntry t) {
        return "targets/" + t.id() + "/history.bin";
    }

    static String supportHistoryPath(SupportSetEntry s, SupportSetEntry.Pair p) {
        return "support/" + s.id() + "/" + p.id() + "/history.bin";
    }

    static String supportMaskPath(SupportSetEntry s, SupportSetEntry.Pair p, String object) {
        return "support/" + s.id() + "/" + p.id() + "/" + object + ".png";
    }

    /** Copies the state and every mask changed since the last snapshot; call on the thread that edits. */
    public Snapshot snapshot() {
        Properties p = new Properties();
        Map<String, Mask> masks = new LinkedHashMap<>();
        Map<String, io.proxyprompt.edit.MaskHistory.State> histories = new LinkedHashMap<>();
        p.setProperty("version", "1");
        p.setProperty("nextId", Integer.toString(nextId));
        if (selectedSetId != null) {
            p.setProperty("selectedSet", selectedSetId);
        }
        if (model != null) {
            p.setProperty("model", model);
        }
        p.setProperty("targets", Integer.toString(targets.size()));
        for (int i = 0; i < targets.size(); i++) {
            TargetEntry t = targets.get(i);
            String k = "target." + i + ".";
            p.setProperty(k + "id", t.id());
            p.setProperty(k + "source", t.source().toString());
            p.setProperty(k + "name", t.name());
            p.setProperty(k + "status", t.status().name());
            p.setProperty(k + "reviewed", Boolean.toString(t.reviewed()));
            if (t.problem() != null) {
                p.setProperty(k + "problem", t.problem());
            }
            p.setProperty(k + "masks", String.join(",", t.layers().stream().map(Layer::key).toList()));
            p.setProperty(k + "edited", String.join(",", t.editedObjects()));
            if (t.stale()) {
                p.setProperty(k + "stale", "true");
            }
            if (!t.madeWith().isEmpty()) {
                p.setProperty(k + "madeWith", String.join(",", t.madeWith().entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).toList()));
            }
            for (Layer layer : t.layers()) {
                Float iou = t.predictedIou(layer);
                if (iou != null) {
                    p.setProperty(k + "iou." + layer.key(), Float.toString(iou));
                }
                if (!t.flags(layer).isEmpty()) {
                    p.setProperty(k + "qc." + layer.key(), String.join(",", t.flags(layer).stream()
                            .map(QcFlag::code).toList()));
                }
            }
            t.allClicks().forEach((layer, list) -> p.setProperty(k + "clicks." + layer.key(),
                    io.proxyprompt.segment.Click.format(list)));
            // masks still on disk (a lazily opened workspace) are unchanged there
            if (t.takeDirty() && t.masksRead()) {
                t.masks().forEach((layer, m) -> masks.put(targetMaskPath(t, layer), m.copy()));
            }
            io.proxyprompt.edit.MaskHistory.State h = t.takeHistoryChange();
            if (h != null) {
                histories.put(targetHistoryPath(t), h);
            }
        }
        p.setProperty("sets", Integer.toString(sets.size()));
        for (int i = 0; i < sets.size(); i++) {
            SupportSetEntry s = sets.get(i);
            String k = "set." + i + ".";
            p.setProperty(k + "id", s.id());
            p.setProperty(k + "name", s.name());
            p.setProperty(k + "objects", String.join(",", s.objects().stream()
                    .map(o -> o.name() + ":" + o.colour()).toList()));
            p.setProperty(k + "pairs", Integer.toString(s.pairs().size()));
            boolean dirty = s.takeDirty();
            for (int j = 0; j < s.pairs().size(); j++) {
                SupportSetEntry.Pair pair = s.pairs().get(j);
                String pk = k + "pair." + j + ".";
                p.setProperty(pk + "id", pair.id());
                p.setProperty(pk + "image", pair.image().toString());
                p.setProperty(pk + "frame", Integer.toString(pair.frame()));
                p.setProperty(pk + "masks", String.join(",", pair.masks().keySet()));
                pair.allClicks().forEach((o, list) -> p.setProperty(pk + "clicks." + o,
                        io.proxyprompt.segment.Click.format(list)));
                if (dirty) {
                    pair.masks().forEach((o, m) -> masks.put(supportMaskPath(s, pair, o), m.copy()));
                }
                io.proxyprompt.edit.MaskHistory.State h = pair.takeHistoryChange();
                if (h != null) {
                    histories.put(supportHistoryPath(s, pair), h);
                }
            }
        }
        return new Snapshot(folder, p, masks, histories);
    }
}
