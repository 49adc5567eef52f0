package io.proxyprompt.session;

import io.proxyprompt.inference.EngineSettings;
import io.proxyprompt.inference.ExecutionDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A typed preference: its stored name, its default and how it is written as text. The workstation's keys are the
 * constants here.
 */
public record PrefKey<T>(String name, String label, T defaultValue, Function<String, T> parse,
                         Function<T, String> format) {

    public static final PrefKey<Path> MODEL_FOLDER = new PrefKey<>("model.folder", "Model folder",
            Path.of("models", "proxyprompt-small"), Path::of, Path::toString);
    public static final PrefKey<ExecutionDevice> DEVICE = new PrefKey<>("inference.device", "Execution device",
            ExecutionDevice.AUTO, ExecutionDevice::parse, Enum::name);
    public static final PrefKey<Integer> THREADS = new PrefKey<>("inference.threads", "CPU threads (0 = automatic)",
            0, s -> nonNegative(Integer.parseInt(s.strip())), String::valueOf);
    public static final PrefKey<Integer> CACHE_MB = new PrefKey<>("inference.cacheMb", "Embedding cache (MB)",
            EngineSettings.DEFAULT_EMBEDDING_CACHE_MB, s -> nonNegative(Integer.parseInt(s.strip())), String::valueOf);
    public static final PrefKey<Double> THRESHOLD = new PrefKey<>("segment.threshold", "Mask threshold (0-1)",
            0.5, s -> unit(Double.parseDouble(s.strip())), String::valueOf);
    public static final PrefKey<Boolean> ANATOMY = new PrefKey<>("segment.anatomicalRules",
            "Anatomical rules (cup inside disc, one region each)", true, PrefKey::bool, String::valueOf);
    public static final PrefKey<String> COLOUR_DISC = colour("colour.disc", "Optic disc colour",
            ObjectSpec.DISC.colour());
    public static final PrefKey<String> COLOUR_CUP = colour("colour.cup", "Optic cup colour",
            ObjectSpec.CUP.colour());
    public static final PrefKey<String> COLOUR_VESSEL = colour("colour.vessel", "Vessel colour",
            ObjectSpec.VESSEL.colour());
    public static final PrefKey<Double> OVERLAY_OPACITY = new PrefKey<>("view.overlayOpacity", "Overlay opacity",
            0.45, s -> unit(Double.parseDouble(s.strip())), String::valueOf);

    /** Recently opened files and folders, newest first, one per line (File › Open recent; not in the dialog). */
    public static final PrefKey<String> RECENT = new PrefKey<>("files.recent", "Recent files", "", s -> s, s -> s);

    /** How many recent entries are kept. */
    public static final int RECENT_LIMIT = 10;

    /** Every key, in the order the preferences dialog shows them. */
    public static List<PrefKey<?>> all() {
        return List.of(MODEL_FOLDER, DEVICE, THREADS, CACHE_MB, THRESHOLD, ANATOMY, OVERLAY_OPACITY, COLOUR_DISC,
                COLOUR_CUP, COLOUR_VESSEL);
    }

    /** The value's type, for editors. */
    @SuppressWarnings("unchecked")
    public Class<T> type() {
        return (Class<T>) (defaultValue instanceof Path ? Path.class : defaultValue.getClass());
    }

    private static PrefKey<String> colour(String name, String label, String dflt) {
        return new PrefKey<>(name, label, dflt, s -> new ObjectSpec("x", s.strip()).colour(), s -> s);
    }

    private static boolean bool(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static int nonNegative(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return v;
    }

    private static double unit(double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("must be between 0 and 1");
        }
        return v;
    }
}
