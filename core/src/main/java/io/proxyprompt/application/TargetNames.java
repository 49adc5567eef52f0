package io.proxyprompt.application;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives every target a unique name, which is also its output folder: the file stem, or the file name with its
 * extension where another target already has that stem (a JPEG and its DICOM copy), or a numbered stem after that.
 * The workstation and the command line name the same inputs, opened in the same order, the same way.
 */
public final class TargetNames {

    private TargetNames() {
    }

    /** Names for files (or series folders) in order. */
    public static List<String> forFiles(List<Path> files) {
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            String name = unique(f, taken);
            taken.add(name);
            names.add(name);
        }
        return names;
    }

    /** A name for {@code file} that is not in {@code taken}. */
    public static String unique(Path file, Collection<String> taken) {
        return unique(stem(file), file.getFileName().toString(), taken);
    }

    /** {@code wanted}, else {@code fallback}, else {@code wanted-2}, {@code wanted-3}, ... whichever is free. */
    public static String unique(String wanted, String fallback, Collection<String> taken) {
        if (!taken.contains(wanted)) {
            return wanted;
        }
        if (!taken.contains(fallback)) {
            return fallback;
        }
        for (int i = 2; ; i++) {
            String candidate = wanted + "-" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The file name without its last extension ("IDRiD_01.jpg" -> "IDRiD_01"). */
    public static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
