package io.proxyprompt.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLibraryCacheTest {

    @TempDir
    Path dir;

    private final byte[] library = new byte[100_000];

    NativeLibraryCacheTest() {
        new Random(7).nextBytes(library);
    }

    private URL inJar(String entry, byte[] bytes) throws IOException {
        // a new jar each time: the JDK keeps jars it has opened, by path
        Path jar = Files.createTempFile(dir, "natives", ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(entry));
            j.write(bytes);
            j.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + entry);
    }

    @Test
    void extractsTheLibraryOnceUnderItsOwnName() throws IOException {
        URL lib = inJar("natives/linux/libfake.so", library);
        Path cache = dir.resolve("cache");

        Path first = NativeLibraryCache.cachedCopy(lib, cache).orElseThrow();
        assertEquals("libfake.so", first.getFileName().toString());
        assertTrue(first.startsWith(cache));
        assertArrayEquals(library, Files.readAllBytes(first));

        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(first, old);
        Path second = NativeLibraryCache.cachedCopy(lib, cache).orElseThrow();
        assertEquals(first, second);
        assertEquals(old, Files.getLastModifiedTime(second), "an intact copy is used as it is, not written again");
    }

    @Test
    void aTruncatedCopyIsExtractedAgain() throws IOException {
        URL lib = inJar("libfake.so", library);
        Path cache = dir.resolve("cache");
        Path file = NativeLibraryCache.cachedCopy(lib, cache).orElseThrow();
        Files.write(file, new byte[] {1, 2, 3});

        Path again = NativeLibraryCache.cachedCopy(lib, cache).orElseThrow();
        assertArrayEquals(library, Files.readAllBytes(again));
    }

    @Test
    void anotherVersionOfTheLibraryGetsItsOwnFolder() throws IOException {
        Path cache = dir.resolve("cache");
        Path first = NativeLibraryCache.cachedCopy(inJar("libfake.so", library), cache).orElseThrow();
        byte[] other = library.clone();
        other[0]++;
        Path second = NativeLibraryCache.cachedCopy(inJar("libfake.so", other), cache).orElseThrow();

        org.junit.jupiter.api.Assertions.assertNotEquals(first.getParent(), second.getParent());
        assertArrayEquals(other, Files.readAllBytes(second));
    }

    @Test
    void aFolderThatCannotBeWrittenOrAMissingLibraryGivesNothing() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        assertEquals(Optional.empty(), NativeLibraryCache.cachedCopy(inJar("libfake.so", library), notAFolder));
        assertEquals(Optional.empty(), NativeLibraryCache.cachedCopy(null, dir.resolve("cache")));
    }

    @Test
    void theOpenCvJarHoldsALibraryForThisMachine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").equals("amd64"), "checked on Linux x86-64");
        assertNotNull(OpenCv.bundledLibrary());
    }
}
