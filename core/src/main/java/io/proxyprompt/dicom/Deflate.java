package io.proxyprompt.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflates the data set of a Deflated Explicit VR Little Endian file, with a size limit against zip bombs. */
final class Deflate {

    private Deflate() {
    }

    static byte[] inflate(Path file, ByteBuffer b, int pos, long limit) throws DicomParseException {
        byte[] in = new byte[b.limit() - pos];
        b.get(pos, in);
        try {
            return inflate(in, true, limit);
        } catch (DataFormatException e) {
            try {
                return inflate(in, false, limit); // some writers wrongly add a zlib header
            } catch (DataFormatException e2) {
                throw new DicomParseException(file, pos, "deflated data set is corrupt (" + e.getMessage() + ")");
            } catch (IllegalStateException e2) {
                throw new DicomParseException(file, pos, e2.getMessage());
            }
        } catch (IllegalStateException e) {
            throw new DicomParseException(file, pos, e.getMessage());
        }
    }

    private static byte[] inflate(byte[] in, boolean raw, long limit) throws DataFormatException {
        Inflater inf = new Inflater(raw);
        try {
            inf.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(4L * in.length + 1024, 64L << 20));
            byte[] chunk = new byte[65536];
            while (!inf.finished()) {
                int n = inf.inflate(chunk);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break; // truncated stream: keep what inflated; the parser reports the cut-off element
                }
                out.write(chunk, 0, n);
                if (out.size() > limit) {
                    throw new IllegalStateException("deflated data set inflates beyond " + (limit >> 20)
                            + " MiB; refusing to read it");
                }
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }
}
