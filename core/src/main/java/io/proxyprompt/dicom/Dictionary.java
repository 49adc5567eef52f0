package io.proxyprompt.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The standard data dictionary (VR and keyword per tag) generated from dcmtk's {@code dicom.dic} by
 * {@code tools/dicom/generate_dictionary.py}; needed to parse Implicit VR and to name attributes.
 */
public final class Dictionary {

    private record Entry(VR vr, String keyword) { }

    private final Map<Integer, Entry> entries = new HashMap<>(8192);
    private final Map<Integer, Entry> repeating = new HashMap<>(64);

    /** Loads the dictionary shipped with the application. */
    public static Dictionary standard() {
        return Holder.STANDARD;
    }

    // The dictionary is immutable data, so one shared copy (loaded on first use) is safe.
    private static final class Holder {
        static final Dictionary STANDARD = new Dictionary();
    }

    private Dictionary() {
        try (InputStream in = Dictionary.class.getResourceAsStream("dictionary.tsv")) {
            if (in == null) {
                throw new IllegalStateException("dictionary.tsv missing from the application resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int tag = (int) Long.parseLong(f[0], 16);
                Entry e = new Entry(VR.valueOf(f[1]), f[2]);
                (f.length > 4 && f[4].equals("R") ? repeating : entries).put(tag, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Entry find(int tag) {
        Entry e = entries.get(tag);
        if (e != null) {
            return e;
        }
        int group = tag >>> 16;
        if ((tag & 0xFFFF) == 0) {
            return repeating.get(0);
        }
        if ((group & 0xFF00) == 0x5000 || (group & 0xFF00) == 0x6000) {
            return repeating.get((tag & 0xFF00FFFF));
        }
        return null;
    }

    /** The VR for implicit-VR parsing: UN for private and unknown tags. */
    public VR vr(int tag) {
        Entry e = find(tag);
        return e == null ? VR.UN : e.vr();
    }

    /** The keyword (e.g. {@code PatientName}), or {@code null} when the tag is private or unknown. */
    public String keyword(int tag) {
        Entry e = find(tag);
        return e == null ? null : e.keyword();
    }

    /** Formats a tag as {@code (gggg,eeee)}. */
    public static String format(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
