package io.proxyprompt.application;

import io.proxyprompt.common.InstallLocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonBackendTest {

    @TempDir
    Path dir;

    private Path library() throws IOException {
        return Files.writeString(dir.resolve("libjemalloc.so.2"), "");
    }

    @Test
    void trainingRunsWithJemallocKeepingItsPagesWhereTheSystemHasIt() throws IOException {
        Path lib = library();
        Map<String, String> vars = PythonBackend.allocatorEnvironment(Map.of(),
                List.of(dir.resolve("absent.so"), lib));
        assertEquals(lib.toString(), vars.get("LD_PRELOAD"));
        assertEquals("dirty_decay_ms:-1,muzzy_decay_ms:-1", vars.get("MALLOC_CONF"));
    }

    @Test
    void aPreloadAndAllocatorSettingsOfTheUserAreKept() throws IOException {
        Path lib = library();
        Map<String, String> vars = PythonBackend.allocatorEnvironment(
                Map.of("LD_PRELOAD", "/opt/x/libtrace.so", "MALLOC_CONF", "narenas:2"), List.of(lib));
        assertEquals(lib + ":/opt/x/libtrace.so", vars.get("LD_PRELOAD"));
        assertEquals("narenas:2", vars.get("MALLOC_CONF"));
    }

    @Test
    void withoutJemallocOrWhenTurnedOffTheEnvironmentIsLeftAlone() throws IOException {
        assertTrue(PythonBackend.allocatorEnvironment(Map.of(), List.of(dir.resolve("absent.so"))).isEmpty());
        assertTrue(PythonBackend.allocatorEnvironment(Map.of(PythonBackend.JEMALLOC_ENV, "off"),
                List.of(library())).isEmpty());
    }

    @Test
    void theAdaptationProcessIsStartedWithTheBackendsEnvironment() throws IOException {
        Path lib = library();
        PythonBackend backend = new PythonBackend(Path.of("/usr/bin/python3"), dir,
                PythonBackend.allocatorEnvironment(Map.of(), List.of(lib)));
        assertTrue(backend.usesJemalloc());
        ProcessBuilder pb = new ModelAdaptation(backend).processFor(
                ModelAdaptation.Request.of(dir.resolve("pairs"), dir.resolve("base"), dir.resolve("out")));
        assertEquals(lib.toString(), pb.environment().get("LD_PRELOAD").split(":")[0]);
        assertEquals(dir.toFile(), pb.directory());

        assertFalse(new PythonBackend(Path.of("/usr/bin/python3"), dir, Map.of()).usesJemalloc());
    }

    @Test
    void aPythonThatFailsUnderThePreloadTrainsOnTheSystemsAllocator() throws Exception {
        Path lib = library();
        Files.createDirectories(dir.resolve("training"));
        Files.writeString(dir.resolve("training/finetune.py"), "");
        // stands for a Python whose packages do not load with jemalloc preloaded
        Path python = Files.writeString(dir.resolve("python3"), "#!/bin/sh\n[ -z \"$LD_PRELOAD\" ]\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        PythonBackend backend = PythonBackend.locate(InstallLocations.of(dir, null),
                Map.of(PythonBackend.PYTHON_ENV, python.toString()), List.of(lib));
        assertEquals(python, backend.python());
        assertFalse(backend.usesJemalloc(), backend.environment().toString());

        Files.writeString(python, "#!/bin/sh\nexit 0\n");
        assertTrue(PythonBackend.locate(InstallLocations.of(dir, null),
                Map.of(PythonBackend.PYTHON_ENV, python.toString()), List.of(lib)).usesJemalloc());
    }
}
