package io.proxyprompt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Keeps the pipeline free of JavaFX so it runs headless and serves the CLI (ARCHITECTURE.md). */
class ArchitectureTest {

    static final Path MAIN = Path.of(System.getProperty("proxyprompt.repo", "."), "core/src/main/java/io/proxyprompt");

    @Test
    void nothingOutsideUiImportsJavafx() throws IOException {
        List<String> offenders = javafxImportsOutsideUi(MAIN);
        assertEquals(List.of(), offenders, "JavaFX may only be imported under io.proxyprompt.ui");
    }

    @Test
    void theCheckSeesJavafxImportsWhenTheyAreThere() throws IOException {
        Path tmp = Files.createTempDirectory("arch");
        Path pipeline = Files.createDirectories(tmp.resolve("segment"));
        Files.writeString(pipeline.resolve("Leaky.java"), "package x;\nimport javafx.scene.image.Image;\nclass Leaky {}\n");
        Path ui = Files.createDirectories(tmp.resolve("ui"));
        Files.writeString(ui.resolve("Fine.java"), "package x;\nimport javafx.scene.Node;\nclass Fine {}\n");
        assertEquals(List.of("segment/Leaky.java"), javafxImportsOutsideUi(tmp));
    }

    @Test
    void pacsUsesOnlyTheDicomLayerAndCommonPackages() throws IOException {
        assertEquals(List.of(), projectImports("pacs").stream()
                .filter(i -> !i.startsWith("io.proxyprompt.pacs.") && !i.startsWith("io.proxyprompt.dicom.")
                        && !i.startsWith("io.proxyprompt.progress."))
                .toList(), "io.proxyprompt.pacs may import the dicom layer and progress only");
    }

    @Test
    void dicomImportsNoNewPackageAboveIt() throws IOException {
        // Known edges that predate the PACS work (pixel buffers and masks are to move to a common package).
        List<String> known = List.of("io.proxyprompt.image.OpenCv", "io.proxyprompt.image.PixelBuffer",
                "io.proxyprompt.mask.Mask", "io.proxyprompt.progress.CancellationToken",
                "io.proxyprompt.progress.ProgressListener");
        assertEquals(List.of(), projectImports("dicom").stream()
                .filter(i -> !i.startsWith("io.proxyprompt.dicom.") && !known.contains(i)).toList(),
                "io.proxyprompt.dicom imports nothing above it");
    }

    /** The io.proxyprompt imports of every source file under the package folder {@code pkg}. */
    private static List<String> projectImports(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(String::strip).filter(l -> l.startsWith("import io.proxyprompt."))
                    .map(l -> l.substring("import ".length(), l.length() - 1)).distinct().sorted().toList();
        }
    }

    @Test
    void sourcesAreWhereTheTestLooks() {
        assertFalse(!Files.isDirectory(MAIN), "main sources not found at " + MAIN);
    }

    static List<String> javafxImportsOutsideUi(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).startsWith("ui"))
                    .filter(p -> importsJavafx(p))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static boolean importsJavafx(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(l -> l.startsWith("import javafx.") || l.startsWith("import static javafx."));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
