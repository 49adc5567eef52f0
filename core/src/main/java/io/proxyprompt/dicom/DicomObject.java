package io.proxyprompt.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** A data set (or sequence item): attributes in ascending tag order with typed getters and setters. */
public final class DicomObject {

    private final TreeMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);

    public DicomElement get(int tag) {
        return elements.get(tag);
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** All attributes in ascending (unsigned) tag order. */
    public Collection<DicomElement> elements() {
        return elements.values();
    }

    public int size() {
        return elements.size();
    }

    public DicomObject put(DicomElement e) {
        elements.put(e.tag(), e);
        return this;
    }

    public void remove(int tag) {
        elements.remove(tag);
    }

    /** Copies the named attributes (as stored, bytes untouched) from {@code other} when present there. */
    public DicomObject copyFrom(DicomObject other, int... tags) {
        for (int tag : tags) {
            DicomElement e = other.get(tag);
            if (e != null) {
                put(e);
            }
        }
        return this;
    }

    // ---- getters --------------------------------------------------------------------------------------

    /** All values of a text attribute (backslash-separated), trimmed; empty when absent. */
    public String[] getStrings(int tag) {
        DicomElement e = get(tag);
        if (e == null || e.value() == null || e.value().length == 0) {
            return new String[0];
        }
        if (!e.vr().isText()) {
            return numbersAsStrings(e);
        }
        String s = decode(e.value());
        String[] parts = e.vr() == VR.LT || e.vr() == VR.ST || e.vr() == VR.UT || e.vr() == VR.UR
                ? new String[] {s} : s.split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = stripPadding(parts[i]);
        }
        return parts;
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }

    private static String decode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    private static String[] numbersAsStrings(DicomElement e) {
        double[] d = numbers(e);
        String[] s = new String[d.length];
        for (int i = 0; i < d.length; i++) {
            s[i] = d[i] == Math.rint(d[i]) && Math.abs(d[i]) < 1e15 ? Long.toString((long) d[i]) : Double.toString(d[i]);
        }
        return s;
    }

    /** The first value of a text attribute, or {@code null} when absent or empty. */
    public String getString(int tag) {
        String[] s = getStrings(tag);
        return s.length == 0 || s[0].isEmpty() ? null : s[0];
    }

    public String getString(int tag, String fallback) {
        String s = getString(tag);
        return s == null ? fallback : s;
    }

    /** Numbers of a binary (US, SS, UL, SL, FL, FD, ...) or numeric text (IS, DS) attribute; empty when absent. */
    public double[] getDoubles(int tag) {
        DicomElement e = get(tag);
        if (e == null || e.value() == null) {
            return new double[0];
        }
        return numbers(e);
    }

    private static double[] numbers(DicomElement e) {
        VR vr = e.vr();
        if (vr.isText()) {
            String[] parts = stripPadding(new String(e.value(), StandardCharsets.ISO_8859_1)).split("\\\\");
            List<Double> out = new ArrayList<>();
            for (String p : parts) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    try {
                        out.add(Double.parseDouble(t));
                    } catch (NumberFormatException ignored) {
                        // a malformed number is treated as absent
                    }
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        ByteBuffer b = ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN);
        int n = switch (vr) {
            case US, SS -> e.value().length / 2;
            case UL, SL, FL, OF, OL, AT -> e.value().length / 4;
            case FD, OD, SV, UV, OV -> e.value().length / 8;
            default -> 0;
        };
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (vr) {
                case US -> b.getShort() & 0xFFFF;
                case SS -> b.getShort();
                case UL, OL, AT -> b.getInt() & 0xFFFFFFFFL;
                case SL -> b.getInt();
                case FL, OF -> b.getFloat();
                case FD, OD -> b.getDouble();
                default -> b.getLong();
            };
        }
        return d;
    }

    public int[] getInts(int tag) {
        double[] d = getDoubles(tag);
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) d[i];
        }
        return r;
    }

    public int getInt(int tag, int fallback) {
        double[] d = getDoubles(tag);
        return d.length == 0 ? fallback : (int) d[0];
    }

    public double getDouble(int tag, double fallback) {
        double[] d = getDoubles(tag);
        return d.length == 0 ? fallback : d[0];
    }

    /** The items of a sequence; empty when absent or not a sequence. */
    public List<DicomObject> getSequence(int tag) {
        DicomElement e = get(tag);
        return e == null || e.items() == null ? List.of() : e.items();
    }

    /** The first item of a sequence, or {@code null}. */
    public DicomObject getItem(int tag) {
        List<DicomObject> items = getSequence(tag);
        return items.isEmpty() ? null : items.get(0);
    }

    // ---- setters (VR from the dictionary unless given) ------------------------------------------------

    public DicomObject setString(int tag, String... values) {
        return setString(tag, Dictionary.standard().vr(tag), values);
    }

    public DicomObject setString(int tag, VR vr, String... values) {
        byte[] b = String.join("\\", values).getBytes(StandardCharsets.UTF_8);
        return put(DicomElement.ofBytes(tag, vr, b));
    }

    /** Sets integers in the dictionary VR (US, SS, UL, SL, IS, or AT for tag pointers). */
    public DicomObject setInt(int tag, int... values) {
        VR vr = Dictionary.standard().vr(tag);
        if (vr == VR.IS) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = Integer.toString(values[i]);
            }
            return setString(tag, VR.IS, s);
        }
        int unit = vr == VR.US || vr == VR.SS ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(values.length * unit).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            if (vr == VR.AT) {
                b.putShort((short) (v >>> 16)).putShort((short) v);
            } else if (unit == 2) {
                b.putShort((short) v);
            } else {
                b.putInt(v);
            }
        }
        return put(DicomElement.ofBytes(tag, vr, b.array()));
    }

    /** Sets decimals in the dictionary VR (DS as text, FL or FD as binary). */
    public DicomObject setDouble(int tag, double... values) {
        VR vr = Dictionary.standard().vr(tag);
        if (vr == VR.FD || vr == VR.FL) {
            ByteBuffer b = ByteBuffer.allocate(values.length * vr.unit()).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                if (vr == VR.FD) {
                    b.putDouble(v);
                } else {
                    b.putFloat((float) v);
                }
            }
            return put(DicomElement.ofBytes(tag, vr, b.array()));
        }
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = formatDs(values[i]);
        }
        return setString(tag, VR.DS, s);
    }

    /** A decimal string of at most 16 characters (the DS limit). */
    static String formatDs(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        for (int digits = 10; digits > 0; digits--) {
            String s = String.format(Locale.ROOT, "%." + digits + "g", v);
            if (s.contains("e") || s.contains("E")) {
                s = s.replaceAll("\\.?0+([eE])", "$1");
            } else if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            if (s.length() <= 16) {
                return s;
            }
        }
        return "0";
    }

    public DicomObject setSequence(int tag, List<DicomObject> items) {
        return put(DicomElement.ofItems(tag, items));
    }

    public DicomObject setSequence(int tag, DicomObject... items) {
        return setSequence(tag, List.of(items));
    }

    public DicomObject setBytes(int tag, VR vr, byte[] value) {
        return put(DicomElement.ofBytes(tag, vr, value));
    }

    @Override
    public String toString() {
        return "DicomObject" + elements.values();
    }
}
