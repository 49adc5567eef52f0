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
