package io.proxyprompt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of docs/architecture.md, checked on the sources: JavaFX only in {@code ui}; every package imports only
 * the floors below it (the table); {@code core} never sees {@code app}; {@code ui} and {@code cli} never import each
 * other. A reference counts whether it is an import or a fully qualified name in the code.
 */
class ArchitectureTest {

    static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));

    /** What each package may use besides itself (the module's own top-level packages). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            entry("common", Set.of()),
            entry("progress", Set.of()),
            entry("dicom", Set.of("common", "progress")),
            entry("mask", Set.of("common")),
            entry("image", Set.of("common", "progress", "dicom")),
            entry("preprocess", Set.of("common", "image", "mask")),
            entry("inference", Set.of("common", "progress", "preprocess", "image", "mask")),
            entry("segment", Set.of("common", "progress", "image", "preprocess", "inference", "mask")),
            entry("edit", Set.of("common", "mask")),
            entry("quality", Set.of("common", "image", "mask", "segment")),
            entry("export", Set.of("common", "progress", "dicom", "image", "mask")),
            entry("pacs", Set.of("common", "progress", "dicom")),
            entry("session", Set.of("common", "progress", "mask", "edit", "quality", "inference", "segment")),
            entry("application", Set.of("common", "progress", "dicom", "pacs", "image", "preprocess", "inference",
                    "segment", "mask", "edit", "quality", "export", "session")));

    /** Packages of the front ends and the batch job: any core package, never each other. */
    static final Map<String, Set<String>> FRONT_ENDS = Map.of("ui", Set.of("cli", "batch"),
            "cli", Set.of("ui", "batch"), "batch", Set.of("ui", "cli"));

    private static final Pattern REFERENCE = Pattern.compile("io\\.proxyprompt\\.([a-z]+)(?:\\.[a-z]+)*\\.[A-Z]");

    /** One source file's package (first segment under io.proxyprompt) and the packages it refers to. */
    record Source(String module, String file, String pkg, Set<String> uses, boolean javafx) {
    }

    @Test
    void javafxIsOnlyUsedInTheWorkstationPackage() throws IOException {
        List<String> offenders = sources().stream().filter(s -> s.javafx() && !s.pkg().equals("ui"))
                .map(Source::file).toList();
        assertEquals(List.of(), offenders, "JavaFX may only be imported under io.proxyprompt.ui");
    }

    @Test
    void everyCorePackageUsesOnlyTheFloorsBelowIt() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Source s : sources()) {
            if (!s.module().equals("core")) {
                continue;
            }
            Set<String> allowed = ALLOWED.get(s.pkg());
            if (allowed == null) {
                offenders.add(s.file() + ": package '" + s.pkg() + "' has no row in ArchitectureTest.ALLOWED");
                continue;
            }
            for (String u : s.uses()) {
                if (!u.equals(s.pkg()) && !allowed.contains(u)) {
                    offenders.add(s.file() + " uses " + u);
                }
            }
        }
        assertEquals(List.of(), offenders, "see docs/architecture.md for the floors");
    }

    @Test
    void theFrontEndsNeverImportEachOtherAndCoreNeverSeesThem() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Source s : sources()) {
            Set<String> forbidden = s.module().equals("core") ? Set.of("ui", "cli", "batch")
                    : FRONT_ENDS.getOrDefault(s.pkg(), Set.of());
            s.uses().stream().filter(forbidden::contains).forEach(u -> offenders.add(s.file() + " uses " + u));
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path root : mainRoots()) {
            try (Stream<Path> dirs = Files.walk(root)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    boolean hasJava;
                    try (Stream<Path> f = Files.list(d)) {
                        hasJava = f.anyMatch(p -> p.toString().endsWith(".java"));
                    }
                    if (hasJava && !Files.exists(d.resolve("package-info.java"))) {
                        missing.add(REPO.relativize(d).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "one package-info.java per package");
    }

    @Test
    void theCheckSeesAForbiddenReferenceWhenItIsThere() {
        Source leaky = parse("core", "x/dicom/Leaky.java", "dicom",
                "package io.proxyprompt.dicom;\nimport javafx.scene.Node;\nclass L { io.proxyprompt.mask.Mask m; }\n");
        assertTrue(leaky.javafx());
        assertEquals(Set.of("mask"), leaky.uses());
        assertFalse(ALLOWED.get("dicom").contains("mask"));
    }

    @Test
    void sourcesAreWhereTheTestLooks() throws IOException {
        assertTrue(sources().size() > 100, "main sources not found under " + REPO);
    }

    static List<Path> mainRoots() throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(REPO)) {
            for (Path m : modules.filter(Files::isDirectory).sorted().toList()) {
                Path root = m.resolve("src/main/java/io/proxyprompt");
                if (Files.isDirectory(root)) {
                    roots.add(root);
                }
            }
        }
        return roots;
    }

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path root : mainRoots()) {
            String module = REPO.relativize(root).getName(0).toString();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    Path rel = root.relativize(f);
                    String pkg = rel.getNameCount() == 1 ? "" : rel.getName(0).toString();
                    try {
                        out.add(parse(module, REPO.relativize(f).toString(), pkg, Files.readString(f)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    static Source parse(String module, String file, String pkg, String text) {
        Set<String> uses = new TreeSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            uses.add(m.group(1));
        }
        boolean javafx = text.lines().map(String::strip)
                .anyMatch(l -> l.startsWith("import javafx.") || l.startsWith("import static javafx."));
        return new Source(module, file, pkg, uses, javafx);
    }
}
