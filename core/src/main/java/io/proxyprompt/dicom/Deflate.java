package io.proxyprompt.dicom;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates deflate streams (the data set of a Deflated Explicit VR Little Endian file, or one frame of Deflated
 * Image Frame Compression) with a size limit against zip bombs. The stream is inflated twice: once to count its
 * size without keeping it, then into an array of exactly that size, so a bomb is refused before anything of its
 * size is allocated and an accepted stream never needs more than its own size.
 */
public final class Deflate {

    private static final int CHUNK = 16 * 1024;

    private Deflate() {
    }

    /** What went wrong with a stream, for the caller to put in its own message. */
    public static final class InflateException extends Exception {
        InflateException(String message) {
            super(message);
        }
    }

    static byte[] inflate(Path file, ByteBuffer b, int pos, long limit) throws DicomParseException {
        try {
            return inflate(b.duplicate().position(pos), limit);
        } catch (InflateException e) {
            String why = e.getMessage();
            throw new DicomParseException(file, pos, why.startsWith("inflates beyond")
                    ? "the deflated data set inflates to more than " + mib(limit) + " MiB, more than a file of this"
                    + " size may use (" + DicomParser.MEMORY_PER_BYTE + " times its size plus "
                    + mib(DicomParser.MEMORY_BASE) + " MiB, and at most " + mib(DicomParser.MAX_INFLATED)
                    + " MiB); refused as a deflate bomb"
                    : "the deflated data set is corrupt (" + why + ")");
        }
    }

    private static String mib(long bytes) {
        return String.valueOf(Math.max(1, (bytes + (1 << 19)) >> 20));
    }

    /**
     * Inflates {@code in} (raw deflate, or with a zlib header that some writers wrongly add) into at most
     * {@code limit} bytes. A stream that is cut short yields what it held; the caller reports the cut.
     *
     * @throws InflateException "inflates beyond N bytes" or why the stream is corrupt
     */
    public static byte[] inflate(byte[] in, long limit) throws InflateException {
        return inflate(ByteBuffer.wrap(in), limit);
    }

    private static byte[] inflate(ByteBuffer in, long limit) throws InflateException {
        boolean raw = true;
        long size;
        try {
            size = run(in, true, limit, null);
        } catch (DataFormatException e) {
            raw = false;
            try {
                size = run(in, false, limit, null);
            } catch (DataFormatException e2) {
                throw new InflateException(String.valueOf(e.getMessage()));
            }
        }
        byte[] out = new byte[(int) size];
        try {
            run(in, raw, size, out);
        } catch (DataFormatException e) {
            throw new InflateException(String.valueOf(e.getMessage()));
        }
        return out;
    }

    /** Inflates, counting (out == null) or filling {@code out}; returns the inflated size. */
    private static long run(ByteBuffer in, boolean raw, long limit, byte[] out) throws DataFormatException,
            InflateException {
        Inflater inf = new Inflater(raw);
        try {
            inf.setInput(in.duplicate());
            byte[] scratch = out == null ? new byte[CHUNK] : null;
            long total = 0;
            while (!inf.finished()) {
                int n;
                if (out == null) {
                    n = inf.inflate(scratch);
                } else {
                    if (total == out.length) {
                        break;
                    }
                    n = inf.inflate(out, (int) total, out.length - (int) total);
                }
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break; // truncated stream: keep what inflated
                }
                total += n;
                if (total > limit) {
                    throw new InflateException("inflates beyond " + limit + " bytes");
                }
            }
            return total;
        } finally {
            inf.end();
        }
    }
}
