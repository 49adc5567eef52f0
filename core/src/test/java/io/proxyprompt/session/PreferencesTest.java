package io.proxyprompt.session;

import io.proxyprompt.inference.ExecutionDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreferencesTest {

    @TempDir
    Path dir;

    @Test
    void typedValuesSurviveSaveAndReload() throws IOException {
        Path file = dir.resolve("u/preferences.properties");
        PreferenceRepository prefs = new PropertiesPreferenceRepository(file);
        assertEquals(ExecutionDevice.AUTO, prefs.get(PrefKey.DEVICE));
        prefs.put(PrefKey.DEVICE, ExecutionDevice.CPU);
        prefs.put(PrefKey.THREADS, 2);
        prefs.put(PrefKey.THRESHOLD, 0.35);
        prefs.put(PrefKey.MODEL_FOLDER, Path.of("/opt/models/mine"));
        prefs.put(PrefKey.COLOUR_CUP, "#00ff80");
        prefs.save();

        PreferenceRepository back = new PropertiesPreferenceRepository(file);
        assertEquals(ExecutionDevice.CPU, back.get(PrefKey.DEVICE));
        assertEquals(2, back.get(PrefKey.THREADS));
        assertEquals(0.35, back.get(PrefKey.THRESHOLD));
        assertEquals(Path.of("/opt/models/mine"), back.get(PrefKey.MODEL_FOLDER));
        assertEquals("#00FF80", back.get(PrefKey.COLOUR_CUP));
    }

    @Test
    void invalidStoredTextFallsBackToTheDefault() throws IOException {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "inference.device=gpu9\ninference.threads=-3\nsegment.threshold=7\n");
        PreferenceRepository prefs = new PropertiesPreferenceRepository(file);
        assertEquals(ExecutionDevice.AUTO, prefs.get(PrefKey.DEVICE));
        assertEquals(0, prefs.get(PrefKey.THREADS));
        assertEquals(0.5, prefs.get(PrefKey.THRESHOLD));
    }

    @Test
    void invalidValuesAreRefusedWhenSet() {
        PreferenceRepository prefs = new PropertiesPreferenceRepository(dir.resolve("x"));
        assertThrows(IllegalArgumentException.class, () -> prefs.put(PrefKey.THRESHOLD, 1.5));
        assertThrows(IllegalArgumentException.class, () -> prefs.put(PrefKey.COLOUR_DISC, "red"));
    }
}
