package io.proxyprompt.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles DICOM byte streams for parser tests (little endian). */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes part10(String transferSyntax) {
        Bytes b = new Bytes();
        b.raw(new byte[128]).ascii("DICM");
        Bytes meta = new Bytes().explicit(0x00020010, "UI", uid(transferSyntax));
        b.explicit(0x00020000, "UL", le32(meta.size()));
        return b.raw(meta.toArray());
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = new byte[b.length + 1];
        System.arraycopy(b, 0, p, 0, b.length);
        return p;
    }

    Bytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Bytes ascii(String s) {
        return raw(s.getBytes(StandardCharsets.US_ASCII));
    }

    Bytes tag(int tag) {
        return u16(tag >>> 16).u16(tag & 0xFFFF);
    }

    Bytes u16(int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
        return this;
    }

    Bytes u32(long v) {
        return raw(le32(v));
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    /** An explicit-VR element with its value (short or long header by VR). */
    Bytes explicit(int tag, String vr, byte[] value) {
        tag(tag).ascii(vr);
        if (VR.valueOf(vr).longHeader()) {
            u16(0).u32(value.length);
        } else {
            u16(value.length);
        }
        return raw(value);
    }

    /** An explicit-VR header with an arbitrary (possibly lying) length and no value. */
    Bytes explicitHeader(int tag, String vr, long length) {
        tag(tag).ascii(vr);
        if (VR.valueOf(vr).longHeader()) {
            return u16(0).u32(length);
        }
        return u16((int) length);
    }

    Bytes implicit(int tag, byte[] value) {
        return tag(tag).u32(value.length).raw(value);
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }
}
