package io.proxyprompt.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The quality flags of one target frame, per object (objects without a flag are absent). */
public record QualityReport(Map<String, List<QcFlag>> flags) {

    /** No flag. */
    public static final QualityReport CLEAN = new QualityReport(Map.of());

    public QualityReport {
        Map<String, List<QcFlag>> copy = new LinkedHashMap<>();
        flags.forEach((o, f) -> {
            if (!f.isEmpty()) {
                copy.put(o, List.copyOf(f));
            }
        });
        flags = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isClean() {
        return flags.isEmpty();
    }

    /** The flags of one object (empty when it has none). */
    public List<QcFlag> of(String object) {
        return flags.getOrDefault(object, List.of());
    }

    /** The CSV form of one object's flags: codes joined by ';' (empty when clean). */
    public String codes(String object) {
        return of(object).stream().map(QcFlag::code).collect(Collectors.joining(";"));
    }

    /** What the workstation shows, e.g. "cup: the cup covers the disc; disc: in several pieces" (empty when clean). */
    public String summary() {
        List<String> parts = new ArrayList<>();
        flags.forEach((o, f) -> parts.add(o + ": " + f.stream().map(QcFlag::reason)
                .collect(Collectors.joining(", "))));
        return String.join("; ", parts);
    }

    /** This report with the flags of another frame added (a target's report over all its frames). */
    public QualityReport merge(QualityReport other) {
        Map<String, List<QcFlag>> m = new LinkedHashMap<>();
        flags.forEach((o, f) -> m.put(o, new ArrayList<>(f)));
        other.flags.forEach((o, f) -> {
            List<QcFlag> l = m.computeIfAbsent(o, k -> new ArrayList<>());
            f.stream().filter(x -> !l.contains(x)).forEach(l::add);
        });
        return new QualityReport(m);
    }
}
