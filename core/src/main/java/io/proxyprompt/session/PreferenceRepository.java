package io.proxyprompt.session;

import java.io.IOException;

/** Where the user's preferences live; read and written through typed {@link PrefKey}s. */
public interface PreferenceRepository {

    /** The stored value, or the key's default when none is stored or the stored text is not valid. */
    <T> T get(PrefKey<T> key);

    /** Sets the value (validated by the key's parser), kept in memory until {@link #save()}. */
    <T> void put(PrefKey<T> key, T value);

    /** Writes the preferences to their store. */
    void save() throws IOException;
}
