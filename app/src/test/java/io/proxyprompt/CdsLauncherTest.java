package io.proxyprompt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's class-data archive (tools/cds-java, used by ./proxyprompt): the first start makes it, later starts
 * use it, and an archive that is cut off, missing or cannot be written never stops the program from starting or
 * changes what it prints. The program is a small jar made here.
 */
class CdsLauncherTest {

    private static final Path REPO = Path.of(System.getProperty("proxyprompt.repo", "."));

    @TempDir
    Path dir;
    private Path jar;
    private Path cache;

    @BeforeEach
    void program() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the launcher is a bash script");
        Assumptions.assumeTrue(ToolProvider.getSystemJavaCompiler() != null, "needs a JDK to compile the program");
        Path src = Files.writeString(dir.resolve("Hello.java"), """
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("hello " + String.join(" ", args));
                        System.exit(args.length > 0 && args[0].equals("fail") ? 3 : 0);
                    }
                }
                """);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                src.toString()));
        jar = dir.resolve("hello.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Hello.class"));
            j.write(Files.readAllBytes(dir.resolve("Hello.class")));
            j.closeEntry();
        }
        cache = dir.resolve("cds");
    }

    @Test
    void theFirstStartMakesTheArchiveAndTheNextUsesIt() throws Exception {
        Result first = run(Map.of(), "a", "b");
        assertEquals(0, first.status(), first.err());
        assertEquals("hello a b\n", first.out(), "the program's output is unchanged");
        assertTrue(first.err().contains("cds: creating"), first.err());
        Path archive = archive();
        assertEquals(Files.size(archive), Long.parseLong(Files.readString(sizeOf(archive)).strip()));

        Result second = run(Map.of(), "c");
        assertEquals(0, second.status(), second.err());
        assertEquals("hello c\n", second.out());
        assertTrue(second.err().contains("cds: using " + archive), second.err());
    }

    @Test
    void aCutOffArchiveIsNotUsedAndIsMadeAgain() throws Exception {
        run(Map.of());
        Path archive = archive();
        long size = Files.size(archive);
        archive.toFile().setWritable(true);
        try (var ch = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size / 3);
        }

        Result r = run(Map.of(), "x");
        assertEquals(0, r.status(), r.err());
        assertEquals("hello x\n", r.out());
        assertTrue(r.err().contains("cds: creating"), "a cut-off archive would crash the JVM: " + r.err());
        assertEquals(size, Files.size(archive()), "made whole again");
    }

    @Test
    void anArchiveOfTheRightSizeButDamagedIsIgnoredByTheJvm() throws Exception {
        run(Map.of());
        Path archive = archive();
        archive.toFile().setWritable(true);
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(archive, bytes);

        Result r = run(Map.of(), "y");
        assertEquals(0, r.status(), r.err());
        assertEquals("hello y\n", r.out(), "no warning on stdout either");
        assertTrue(r.err().contains("cds: using"), r.err());
    }

    @Test
    void aFailedRunLeavesNoArchiveAndKeepsItsExitStatus() throws Exception {
        Result r = run(Map.of(), "fail");
        assertEquals(3, r.status(), r.err());
        assertEquals("hello fail\n", r.out());
        if (Files.exists(cache)) {
            try (Stream<Path> left = Files.list(cache)) {
                assertEquals(List.of(), left.toList(), "nothing half-made is kept");
            }
        }
    }

    @Test
    void switchedOffOrAFolderThatCannotBeWrittenStillStarts() throws Exception {
        Result off = run(Map.of("PROXYPROMPT_CDS", "off"), "o");
        assertEquals("hello o\n", off.out());
        assertTrue(off.err().contains("cds: off"), off.err());
        assertFalse(Files.exists(cache));

        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Result unwritable = run(Map.of("PROXYPROMPT_CDS_DIR", notAFolder.toString()), "u");
        assertEquals(0, unwritable.status(), unwritable.err());
        assertEquals("hello u\n", unwritable.out());
        assertTrue(unwritable.err().contains("cannot be written"), unwritable.err());
    }

    private Path archive() throws IOException {
        List<Path> all = archives();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    private static Path sizeOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".size");
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("tools/cds-java").toString(), "test", jar.toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PROXYPROMPT_CDS_DIR", cache.toString());
        pb.environment().put("PROXYPROMPT_CDS_TRACE", "1");
        pb.environment().remove("PROXYPROMPT_CDS");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int status, String out, String err) {
    }
}
