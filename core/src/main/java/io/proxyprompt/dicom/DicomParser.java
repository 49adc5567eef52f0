package io.proxyprompt.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads DICOM Part 10 files (with or without preamble; Implicit/Explicit VR Little Endian, Explicit VR Big
 * Endian, Deflated) and bare data sets. Defensive by design: every length is checked against the bytes that
 * remain, nesting depth and element count are bounded, and any problem is a {@link DicomParseException} that
 * names the file, the offset and what is wrong.
 *
 * <p>Bounded memory: before anything is allocated its cost is charged against {@link #memoryBudget(long)}, so no
 * input makes the parser allocate more than {@value #MEMORY_PER_BYTE} times its size plus {@link #MEMORY_BASE}
 * (a deflated data set is inflated only as far as that budget allows).
 */
public final class DicomParser {

    /** Deepest sequence nesting accepted (real files stay below 10). */
    public static final int MAX_DEPTH = 32;
    /** Most elements plus items one file may hold. */
    public static final int MAX_NODES = 5_000_000;
    /** Largest inflated data set of a Deflated file. */
    public static final long MAX_INFLATED = 512L << 20;
    /** Heap any input may make the parser allocate, on top of {@link #MEMORY_PER_BYTE} per input byte. */
    public static final long MEMORY_BASE = 32L << 20;
    /** Heap any input may make the parser allocate per byte of the input (file or bytes given). */
    public static final int MEMORY_PER_BYTE = 16;
    /** What one element costs on the heap besides its value (element, tree entry, boxed tag). */
    static final int ELEMENT_COST = 136;
    /** What one sequence item costs on the heap (object, its tree, the list slot and its growth). */
    static final int ITEM_COST = 160;
    private static final byte[] EMPTY = new byte[0];
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final Dictionary dictionary;

    public DicomParser(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    public DicomParser() {
        this(Dictionary.standard());
    }

    /** The most heap the parser allocates for an input of {@code inputBytes} bytes (the bounded-memory rule). */
    public static long memoryBudget(long inputBytes) {
        return MEMORY_BASE + MEMORY_PER_BYTE * Math.max(0, inputBytes);
    }

    /** Parses the whole file, pixel data included. */
    public DicomFile read(Path file) throws DicomParseException {
        return read(file, true);
    }

    /** Parses the file; without pixel data it stops at the top-level (7FE0,0010), which is fast for headers. */
    public DicomFile read(Path file, boolean withPixelData) throws DicomParseException {
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new DicomParseException(file, -1, "file is larger than 2 GiB, which is not supported");
            }
            buf = size == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            throw new DicomParseException(file, "cannot read the file (" + e.getMessage() + ")", e);
        }
        return parse(file, buf, withPixelData);
    }

    /** Parses bytes already in memory ({@code source} only names them in messages). */
    public DicomFile parse(Path source, byte[] bytes) throws DicomParseException {
        return parse(source, ByteBuffer.wrap(bytes), true);
    }

    private DicomFile parse(Path file, ByteBuffer whole, boolean withPixelData) throws DicomParseException {
        whole.order(ByteOrder.LITTLE_ENDIAN);
        int start = findStart(whole, whole.limit());
        Cursor meta = new Cursor(file, whole, start, true, false, withPixelData);
        meta.budget = memoryBudget(whole.limit());
        DicomObject metaObj = new DicomObject();
        if (start >= 0 && isMetaGroup(whole, start)) {
            metaObj = readDataset(meta, whole.limit(), false, 0, true);
        } else if (start < 0) {
            throw new DicomParseException(file, 0, "not a DICOM file (no 'DICM' marker after the 128-byte preamble"
                    + " and no recognisable data set at the start)");
        }
        String tsUid = metaObj.getString(Tag.TransferSyntaxUID);
        int pos = meta.pos;
        if (tsUid == null) {
            tsUid = guessSyntax(whole, pos);
        }
        TransferSyntax ts = TransferSyntax.of(tsUid);
        ByteBuffer body = whole;
        long bodyBase = 0;
        if (ts != null && ts.deflated()) {
            // The inflated copy is charged like any other allocation; the element values copied out of it later
            // are charged again, so it may use at most half of what is left.
            long limit = Math.min(MAX_INFLATED, (meta.budget - meta.charged) / 2);
            byte[] inflated = Deflate.inflate(file, whole, pos, limit);
            meta.charged += inflated.length;
            body = ByteBuffer.wrap(inflated).order(ByteOrder.LITTLE_ENDIAN);
            bodyBase = pos;
            pos = 0;
        }
        boolean explicit = ts == null || ts.explicitVr();
        boolean big = ts != null && ts.bigEndian();
        Cursor c = new Cursor(file, body, pos, explicit, big, withPixelData);
        c.base = bodyBase;
        c.nodes = meta.nodes;
        c.budget = meta.budget;
        c.charged = meta.charged;
        DicomObject data = readDataset(c, body.limit(), false, 0, false);
        return new DicomFile(file, metaObj, data, tsUid);
    }

    private static int findStart(ByteBuffer b, long total) {
        if (b.limit() >= 132 && b.get(128) == 'D' && b.get(129) == 'I' && b.get(130) == 'C' && b.get(131) == 'M') {
            return 132;
        }
        if (b.limit() >= 4 && b.get(0) == 'D' && b.get(1) == 'I' && b.get(2) == 'C' && b.get(3) == 'M') {
            return 4;
        }
        // No preamble: accept a meta group or a data set that starts with a plausible low, even group.
        if (b.limit() >= 8) {
            int group = b.getShort(0) & 0xFFFF;
            if (isMetaGroup(b, 0) || group == 0x0008 && (VR.of(b.get(4), b.get(5)) != null
                    || (b.getInt(4) & 0xFFFFFFFFL) <= total - 8)) {
                return 0;
            }
        }
        return -1;
    }

    private static boolean isMetaGroup(ByteBuffer b, int at) {
        return b.limit() >= at + 8 && (b.getShort(at) & 0xFFFF) == 0x0002 && VR.of(b.get(at + 4), b.get(at + 5)) != null;
    }

    private static String guessSyntax(ByteBuffer b, int pos) {
        if (b.limit() >= pos + 6 && VR.of(b.get(pos + 4), b.get(pos + 5)) != null) {
            return TransferSyntax.EXPLICIT_VR_LE.uid();
        }
        return TransferSyntax.IMPLICIT_VR_LE.uid();
    }

    /** Read position and encoding state. */
    private static final class Cursor {
        final Path file;
        final ByteBuffer b;
        int pos;
        boolean explicit;
        boolean big;
        final boolean withPixelData;
        long base;
        int nodes;
        long budget;
        long charged;

        Cursor(Path file, ByteBuffer b, int pos, boolean explicit, boolean big, boolean withPixelData) {
            this.file = file;
            this.b = b;
            this.pos = pos;
            this.explicit = explicit;
            this.big = big;
            this.withPixelData = withPixelData;
        }

        DicomParseException error(long at, String what) {
            return new DicomParseException(file, base + at, what);
        }

        void need(int n, long end, String what) throws DicomParseException {
            if (end - pos < n) {
                throw error(pos, "file ends inside " + what + " (needs " + n + " bytes, " + Math.max(0, end - pos)
                        + " left); the file is truncated or corrupt");
            }
        }

        int u16() {
            int v = big ? Short.reverseBytes(b.getShort(pos)) : b.getShort(pos);
            pos += 2;
            return v & 0xFFFF;
        }

        long u32() {
            int v = b.getInt(pos);
            pos += 4;
            return (big ? Integer.reverseBytes(v) : v) & 0xFFFFFFFFL;
        }

        int tag() {
            int g = u16();
            return g << 16 | u16();
        }

        /** Counts one element or item and charges what it and its value will cost before they are allocated. */
        void countNode(long cost) throws DicomParseException {
            if (++nodes > MAX_NODES) {
                throw error(pos, "more than " + MAX_NODES + " elements and items; refusing to read further");
            }
            charged += cost;
            if (charged > budget) {
                throw error(pos, "reading it would take more than " + (budget >> 20) + " MiB of memory ("
                        + MEMORY_PER_BYTE + " times its size plus " + (MEMORY_BASE >> 20) + " MiB, the most any"
                        + " file may use); it has too many elements or items for its size, so it is corrupt or"
                        + " malicious");
            }
        }
    }

    private DicomObject readDataset(Cursor c, long end, boolean undefinedItem, int depth, boolean metaOnly)
            throws DicomParseException {
        DicomObject obj = new DicomObject();
        while (c.pos < end) {
            if (metaOnly && (c.b.limit() - c.pos < 2 || (c.b.getShort(c.pos) & 0xFFFF) != 0x0002)) {
                break;
            }
            int at = c.pos;
            c.need(8, end, "an element header");
            int tag = c.tag();
            if (tag == Tag.ItemDelimitationItem) {
                c.u32();
                if (!undefinedItem) {
                    throw c.error(at, "item delimiter (FFFE,E00D) outside an item of undefined length");
                }
                return obj;
            }
            if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                throw c.error(at, Dictionary.format(tag) + " found where a data element was expected");
            }
            if (depth == 0 && !c.withPixelData && tag == Tag.PixelData) {
                c.pos = at;
                return obj;
            }
            obj.put(readElement(c, tag, at, end, depth));
        }
        if (undefinedItem) {
            throw c.error(c.pos, "item of undefined length has no item delimiter (FFFE,E00D) before its end");
        }
        return obj;
    }

    private DicomElement readElement(Cursor c, int tag, int at, long end, int depth) throws DicomParseException {
        VR vr;
        long len;
        if (c.explicit) {
            vr = VR.of(c.b.get(c.pos), c.b.get(c.pos + 1));
            if (vr == null) {
                throw c.error(at, String.format("element %s has an invalid VR (bytes 0x%02X 0x%02X)",
                        Dictionary.format(tag), c.b.get(c.pos), c.b.get(c.pos + 1)));
            }
            c.pos += 2;
            if (vr.longHeader()) {
                if (end - c.pos < 6) {
                    c.need(6, end, "the header of " + Dictionary.format(tag));
                }
                c.pos += 2;
                len = c.u32();
            } else {
                len = c.u16();
            }
        } else {
            vr = (tag & 0xFFFF) == 0 ? VR.UL : dictionary.vr(tag);
            len = c.u32();
        }
        if (len == UNDEFINED) {
            c.countNode(ELEMENT_COST);
            String name = Dictionary.format(tag) + " " + vr;
            if (vr == VR.SQ || vr == VR.UN && tag != Tag.PixelData) {
                boolean explicit = c.explicit;
                boolean big = c.big;
                if (vr == VR.UN) { // PS3.5 6.2.2: UN of undefined length is an Implicit VR LE sequence
                    c.explicit = false;
                    c.big = false;
                }
                List<DicomObject> items = readItems(c, -1, end, depth, name);
                c.explicit = explicit;
                c.big = big;
                return DicomElement.ofItems(tag, items);
            }
            if (tag == Tag.PixelData) {
                return DicomElement.ofFragments(tag, vr == VR.UN ? VR.OB : vr, readFragments(c, end, name));
            }
            throw c.error(at, name + " has undefined length, which only sequences and pixel data may have");
        }
        if (len > end - c.pos) {
            throw c.error(at, Dictionary.format(tag) + " " + vr + " claims " + len + " bytes but only " + (end - c.pos)
                    + " remain in the " + (end == c.b.limit() ? "file" : "enclosing item") + "; the length is wrong or the file is truncated");
        }
        if ((len & 1) != 0) {
            throw c.error(at, Dictionary.format(tag) + " " + vr + " has odd length " + len + " (DICOM values have even lengths); the file is corrupt");
        }
        c.countNode(ELEMENT_COST + (vr == VR.SQ ? 0 : len));
        if (vr == VR.SQ) {
            return DicomElement.ofItems(tag, readItems(c, c.pos + len, end, depth, Dictionary.format(tag) + " SQ"));
        }
        byte[] value = len == 0 ? EMPTY : new byte[(int) len];
        c.b.get(c.pos, value);
        c.pos += (int) len;
        if (c.big && vr.unit() > 1) {
            swap(value, vr.unit());
        }
        return DicomElement.ofBytes(tag, vr, value);
    }

    private List<DicomObject> readItems(Cursor c, long seqEnd, long outerEnd, int depth, String name)
            throws DicomParseException {
        if (depth + 1 > MAX_DEPTH) {
            throw c.error(c.pos, "sequences nested deeper than " + MAX_DEPTH + " levels at " + name
                    + "; the file is corrupt or malicious");
        }
        boolean undefined = seqEnd < 0;
        long end = undefined ? outerEnd : seqEnd;
        List<DicomObject> items = new ArrayList<>();
        while (true) {
            if (!undefined && c.pos >= end) {
                return items;
            }
            int at = c.pos;
            if (end - c.pos < 8) {
                c.need(8, end, "an item header of " + name);
            }
            int tag = c.tag();
            long len = c.u32();
            if (tag == Tag.SequenceDelimitationItem) {
                if (undefined) {
                    return items;
                }
                throw c.error(at, "sequence delimiter inside " + name + " of defined length");
            }
            if (tag != Tag.Item) {
                throw c.error(at, "expected an item (FFFE,E000) in " + name + " but found " + Dictionary.format(tag));
            }
            c.countNode(ITEM_COST);
            if (len == UNDEFINED) {
                items.add(readDataset(c, end, true, depth + 1, false));
            } else {
                if (len > end - c.pos) {
                    throw c.error(at, "item of " + name + " claims " + len + " bytes but only " + (end - c.pos)
                            + " remain; the length is wrong or the file is truncated");
                }
                int itemEnd = c.pos + (int) len;
                items.add(readDataset(c, itemEnd, false, depth + 1, false));
                c.pos = itemEnd;
            }
        }
    }

    private List<byte[]> readFragments(Cursor c, long end, String name) throws DicomParseException {
        List<byte[]> fragments = new ArrayList<>();
        while (true) {
            int at = c.pos;
            c.need(8, end, "a pixel data fragment header");
            int tag = c.tag();
            long len = c.u32();
            if (tag == Tag.SequenceDelimitationItem) {
                if (fragments.isEmpty()) {
                    throw c.error(at, "encapsulated pixel data has no basic offset table item");
                }
                return fragments;
            }
            if (tag != Tag.Item) {
                throw c.error(at, "expected a fragment item (FFFE,E000) in " + name + " but found "
                        + Dictionary.format(tag));
            }
            if (len == UNDEFINED || len > end - c.pos) {
                throw c.error(at, "pixel data fragment claims " + (len == UNDEFINED ? "undefined" : len + " bytes")
                        + " but only " + (end - c.pos) + " remain; the file is truncated or corrupt");
            }
            c.countNode(ELEMENT_COST + len);
            byte[] f = new byte[(int) len];
            c.b.get(c.pos, f);
            c.pos += (int) len;
            fragments.add(f);
        }
    }

    /** Reverses byte order in place for each {@code unit}-byte number (big endian to little endian). */
    static void swap(byte[] v, int unit) {
        for (int i = 0; i + unit <= v.length; i += unit) {
            for (int a = i, z = i + unit - 1; a < z; a++, z--) {
                byte t = v[a];
                v[a] = v[z];
                v[z] = t;
            }
        }
    }

    /** True when the file starts like DICOM (preamble + DICM, or a recognisable data set), read cheaply. */
    public static boolean looksLikeDicom(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 140)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            b.flip();
            return Files.isRegularFile(file) && findStart(b, ch.size()) >= 0;
        } catch (IOException e) {
            return false;
        }
    }
}
