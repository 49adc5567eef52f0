package io.proxyprompt.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import static io.proxyprompt.dicom.DicomTestSupport.resource;

/**
 * The hostile inputs of the DICOM audit, made by the tests: lying frame counts, a deflate bomb, millions of
 * items, and seeded random mutations of real files. Shared by the core tests and the command-line tests.
 */
public final class DicomMutants {

    private DicomMutants() {
    }

    /** A real binary SEG (3 frames of 16x16, Implicit VR) whose Number of Frames is set to {@code value}. */
    public static Path segWithNumberOfFrames(Path dir, String value) {
        return withAttribute(dir, "highdicom_seg_image_ct_binary.dcm", Tag.NumberOfFrames, value,
                "seg_frames_" + value + ".dcm");
    }

    /** A real image with one header attribute replaced (text value). */
    public static Path imageWith(Path dir, String resourceName, int tag, String value) {
        return withAttribute(dir, resourceName, tag, value, resourceName.replace(".dcm", "") + "_"
                + Integer.toHexString(tag) + "_" + value.replaceAll("[^A-Za-z0-9-]", "_") + ".dcm");
    }

    private static Path withAttribute(Path dir, String resourceName, int tag, String value, String fileName) {
        try {
            DicomObject ds = new DicomParser().read(resource(resourceName)).dataset();
            ds.setString(tag, Dictionary.standard().vr(tag), value);
            Path file = dir.resolve(fileName);
            new DicomWriter().write(file, ds);
            return file;
        } catch (DicomParseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Deflated Explicit VR Little Endian file whose data set inflates to {@code inflatedMiB} MiB (one long OB
     * value of zeros) from a few hundred kilobytes: the same fully flushed deflate block repeated.
     */
    public static byte[] deflateBomb(int inflatedMiB) {
        byte[] zeros = new byte[1 << 20];
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] buf = new byte[1 << 16];
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        // The data set: SOP Class, then (0009,1010) OB (a private value) of the inflated size minus this header.
        Bytes ds = new Bytes().explicit(Tag.SOPClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7\0".getBytes())
                .explicitHeader(0x00091010, "OB", ((long) inflatedMiB << 20));
        d.setInput(ds.toArray());
        flush(d, buf, header);
        d.setInput(zeros);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        flush(d, buf, chunk);
        d.setInput(new byte[0]);
        d.finish();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        while (!d.finished()) {
            tail.write(buf, 0, d.deflate(buf));
        }
        d.end();
        Bytes file = Bytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LE.uid()).raw(header.toByteArray());
        byte[] block = chunk.toByteArray();
        for (int i = 0; i < inflatedMiB; i++) {
            file.raw(block);
        }
        return file.raw(tail.toByteArray()).toArray();
    }

    private static void flush(Deflater d, byte[] buf, ByteArrayOutputStream out) {
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
    }

    /** An Explicit VR file with one sequence of {@code items} empty items (8 bytes each in the file). */
    public static byte[] manyItems(int items) {
        Bytes b = Bytes.part10(TransferSyntax.EXPLICIT_VR_LE.uid())
                .explicit(Tag.SOPClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7\0".getBytes())
                .explicitHeader(Tag.ReferencedSeriesSequence, "SQ", 0xFFFFFFFFL);
        byte[] one = new Bytes().tag(Tag.Item).u32(0).toArray();
        byte[] many = new byte[one.length * items];
        for (int i = 0; i < items; i++) {
            System.arraycopy(one, 0, many, i * one.length, one.length);
        }
        return b.raw(many).tag(Tag.SequenceDelimitationItem).u32(0).toArray();
    }

    /** Writes {@code bytes} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One random corruption of a real file: flipped bits, a lying length, a truncation, a duplicated chunk. */
    public static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int kind = r.nextInt(6);
        int at = 128 + r.nextInt(Math.max(1, b.length - 132));
        switch (kind) {
            case 0 -> { // flip a few bytes
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    b[128 + r.nextInt(b.length - 128)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> { // a lying 32-bit length
                long[] lies = {0xFFFFFFFFL, 0x7FFFFFFFL, 0xFFFFFFF0L, 1, 3, b.length, r.nextInt(1 << 20)};
                long v = lies[r.nextInt(lies.length)];
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
            }
            case 2 -> { // a lying 16-bit length or value
                int v = r.nextInt(65536);
                b[at] = (byte) v;
                if (at + 1 < b.length) {
                    b[at + 1] = (byte) (v >>> 8);
                }
            }
            case 3 -> b = Arrays.copyOf(b, 132 + r.nextInt(b.length - 132)); // truncate
            case 4 -> { // duplicate a chunk
                int len = Math.min(b.length - at, 1 + r.nextInt(64));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            default -> { // overwrite with random bytes
                for (int k = 0; k < 1 + r.nextInt(32) && at + k < b.length; k++) {
                    b[at + k] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }
}
