package io.proxyprompt.inference;

import io.proxyprompt.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSelectionTest {

    @TempDir
    Path tmp;

    private NvidiaProbe noGpu() {
        return new NvidiaProbe(List.of(tmp.resolve("dev-nvidiactl-absent"), tmp.resolve("proc-driver-nvidia-absent")));
    }

    @Test
    void cudaRequestedWithoutAGpuIsAClearErrorNotAFallback() throws Exception {
        ModelBundle bundle = ModelBundle.load(TinyModel.copyTo(tmp));
        DeviceException e = assertThrows(DeviceException.class,
                () -> InferenceEngine.open(bundle, ExecutionDevice.CUDA, EngineSettings.defaults(), noGpu()));
        assertTrue(e.getMessage().contains("CUDA requested but no NVIDIA GPU was found"), e.getMessage());
        assertTrue(e.getMessage().contains("dev-nvidiactl-absent"), e.getMessage());
        assertTrue(e.getMessage().contains("--device auto or --device cpu"), e.getMessage());
    }

    @Test
    void autoWithoutAGpuFallsBackToCpuAndSaysWhy() throws Exception {
        ModelBundle bundle = ModelBundle.load(TinyModel.copyTo(tmp));
        try (InferenceEngine engine = InferenceEngine.open(bundle, ExecutionDevice.AUTO, EngineSettings.defaults(),
                noGpu())) {
            DeviceInfo d = engine.device();
            assertFalse(d.cuda());
            assertTrue(d.name().startsWith("CPU"), d.name());
            assertTrue(d.reason().startsWith("auto: no NVIDIA GPU found"), d.reason());
        }
    }

    @Test
    void autoWithADeviceThatCudaCannotUseStillRunsAndSaysWhich() throws Exception {
        Path fakeCtl = Files.createFile(tmp.resolve("nvidiactl"));
        ModelBundle bundle = ModelBundle.load(TinyModel.copyTo(tmp));
        try (InferenceEngine engine = InferenceEngine.open(bundle, ExecutionDevice.AUTO, EngineSettings.defaults(),
                new NvidiaProbe(List.of(fakeCtl)))) {
            DeviceInfo d = engine.device();
            if (!d.cuda()) {
                // no CUDA runtime here: the fallback names the reason (CPU-only build or CUDA start failure)
                assertTrue(d.reason().startsWith("auto: ") && d.reason().endsWith("using CPU"), d.reason());
            } else {
                assertTrue(d.reason().contains("CUDA started"), d.reason());
            }
        }
    }

    @Test
    void cpuRequestedUsesTheConfiguredThreads() throws Exception {
        ModelBundle bundle = ModelBundle.load(TinyModel.copyTo(tmp));
        try (InferenceEngine engine = InferenceEngine.open(bundle, ExecutionDevice.CPU,
                EngineSettings.defaults().withThreads(1), noGpu())) {
            assertEquals("CPU (1 threads)", engine.device().name());
            assertEquals("cpu requested", engine.device().reason());
        }
    }

    @Test
    void deviceWordsParseAndUnknownOnesAreExplained() {
        assertEquals(ExecutionDevice.CUDA, ExecutionDevice.parse("CUDA"));
        assertEquals(ExecutionDevice.AUTO, ExecutionDevice.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("tpu"));
        assertTrue(e.getMessage().contains("auto, cpu or cuda"));
    }
}
