package io.proxyprompt.session;

import io.proxyprompt.common.AtomicFiles;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Preferences of one user in a properties file (by default {@code ~/.proxyprompt/preferences.properties}). */
public final class PropertiesPreferenceRepository implements PreferenceRepository {

    private final Path file;
    private final Properties values = new Properties();

    /** Reads {@code file} if it exists; an unreadable file leaves every preference at its default. */
    public PropertiesPreferenceRepository(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (StringReader r = new StringReader(Files.readString(file))) {
                values.load(r);
            } catch (IOException | IllegalArgumentException e) {
                values.clear();
            }
        }
    }

    /** The per-user default location. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".proxyprompt", "preferences.properties");
    }

    @Override
    public <T> T get(PrefKey<T> key) {
        String text = values.getProperty(key.name());
        if (text == null) {
            return key.defaultValue();
        }
        try {
            return key.parse().apply(text);
        } catch (RuntimeException e) {
            return key.defaultValue();
        }
    }

    @Override
    public <T> void put(PrefKey<T> key, T value) {
        String text = key.format().apply(value);
        key.parse().apply(text);
        values.setProperty(key.name(), text);
    }

    @Override
    public void save() throws IOException {
        AtomicFiles.writeString(file, WorkspaceStore.format(values), AtomicFiles.Existing.REPLACE);
    }
}
