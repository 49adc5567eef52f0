package io.proxyprompt.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An annotated-cases folder as ARCHITECTURE.md defines it: {@code <stem>.<png|jpg|tif|dcm>} images and
 * {@code <stem>_<object>.png} masks, side by side or in {@code images/} and {@code masks/} subfolders.
 */
public record PairsFolder(Path dir, List<Case> cases) {

    /** One annotated image: its file and object name -> mask file. */
    public record Case(String stem, Path image, Map<String, Path> masks) { }

    private static final Set<String> IMAGE_EXT = Set.of("png", "jpg", "jpeg", "tif", "tiff", "dcm");

    public static PairsFolder scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": pairs folder not found");
        }
        List<Path> files = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve("images"), dir.resolve("masks"))) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .forEach(files::add);
                }
            }
        }
        Map<String, Path> images = new TreeMap<>();
        for (Path f : files) {
            String ext = ext(f);
            if (IMAGE_EXT.contains(ext)) {
                images.putIfAbsent(stem(f), f);
            }
        }
        Map<String, Map<String, Path>> masks = new TreeMap<>();
        for (Path f : files) {
            String stem = stem(f);
            int us = stem.lastIndexOf('_');
            if (!ext(f).equals("png") || us <= 0) {
                continue;
            }
            String imageStem = stem.substring(0, us);
            String object = stem.substring(us + 1).toLowerCase(Locale.ROOT);
            if (images.containsKey(imageStem) && !object.isEmpty()) {
                masks.computeIfAbsent(imageStem, k -> new TreeMap<>()).put(object, f);
                images.remove(stem);
            }
        }
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Map<String, Path> m = masks.get(e.getKey());
            if (m != null) {
                cases.add(new Case(e.getKey(), e.getValue(), m));
            }
        }
        return new PairsFolder(dir, cases);
    }

    /** Every object that some case has, sorted. */
    public List<String> objects() {
        return cases.stream().flatMap(c -> c.masks().keySet().stream()).distinct().sorted().toList();
    }

    public List<Case> casesWith(String object) {
        return cases.stream().filter(c -> c.masks().containsKey(object)).toList();
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? n : n.substring(0, dot);
    }

    private static String ext(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
