package io.proxyprompt.pacs;

import io.proxyprompt.dicom.DicomParser;
import io.proxyprompt.progress.CancellationToken;
import org.apache.commons.fileupload.MultipartStream;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * multipart/related bodies of DICOMweb (PS3.18 8.6): reads a WADO-RS answer part by part straight to files
 * (commons-fileupload's MultipartStream, so memory stays a small buffer whatever the size), and streams the files
 * of a STOW-RS request. A part that is not DICOM, a missing boundary or a body cut short is a
 * {@link MalformedException} saying which part and why.
 */
final class Multipart {

    /** Largest single part: our parser reads files up to 2 GiB. */
    static final long MAX_PART = Integer.MAX_VALUE;
    private static final String CRLF = "\r\n";

    /** The body is not the multipart/related answer DICOMweb promises. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private Multipart() {
    }

    /** The boundary of a {@code multipart/related} Content-Type. */
    static String boundary(String contentType) throws MalformedException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("multipart/related")) {
            throw new MalformedException("the answer is " + (contentType == null ? "of no declared type"
                    : "'" + contentType + "'") + ", not multipart/related");
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String b = p.substring(eq + 1).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                if (!b.isEmpty() && b.length() <= 70) {
                    return b;
                }
            }
        }
        throw new MalformedException("the multipart answer declares no valid boundary ('" + contentType + "')");
    }

    /**
     * Reads every part into a new file in {@code dir} ("part-N.dcm"), checking each is DICOM.
     *
     * @param progress told the number of parts finished after each one
     */
    static List<Path> readDicomParts(InputStream in, String boundary, Path dir, CancellationToken cancel,
                                     LongConsumer progress) throws IOException {
        MultipartStream parts = new MultipartStream(in, boundary.getBytes(StandardCharsets.ISO_8859_1), 64 * 1024,
                null);
        parts.setPartHeaderSizeMax(16 * 1024);
        List<Path> files = new ArrayList<>();
        boolean more;
        try {
            more = parts.skipPreamble();
        } catch (MultipartStream.MalformedStreamException e) {
            throw new MalformedException("the multipart answer is malformed before its first part (" + e.getMessage()
                    + ")");
        }
        if (!more) {
            throw new MalformedException("the multipart answer holds no part with the declared boundary");
        }
        while (more) {
            int n = files.size() + 1;
            try {
                String headers = parts.readHeaders();
                String type = header(headers, "content-type");
                if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/dicom")) {
                    throw new MalformedException("part " + n + " is " + (type == null ? "of no declared type"
                            : "'" + type + "'") + ", not application/dicom");
                }
                Path file = dir.resolve("part-" + n + ".dcm");
                try (OutputStream out = new Limited(Files.newOutputStream(file), cancel, n)) {
                    parts.readBodyData(out);
                }
                if (!DicomParser.looksLikeDicom(file)) {
                    throw new MalformedException("part " + n + " is not a DICOM file");
                }
                files.add(file);
                progress.accept(files.size());
                more = parts.readBoundary();
            } catch (MultipartStream.MalformedStreamException e) {
                throw new MalformedException("part " + n + " of the multipart answer is malformed or cut short ("
                        + e.getMessage() + ")");
            } catch (org.apache.commons.fileupload.FileUploadBase.FileUploadIOException e) {
                throw new MalformedException("part " + n + " of the multipart answer is malformed (" + e.getMessage()
                        + ")");
            }
        }
        return files;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** Stops a part that grows past {@link #MAX_PART}, and stops at once when the user cancels. */
    private static final class Limited extends FilterOutputStream {
        private final CancellationToken cancel;
        private final int part;
        private long written;

        Limited(OutputStream out, CancellationToken cancel, int part) {
            super(out);
            this.cancel = cancel;
            this.part = part;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            cancel.throwIfCancelled();
            written += len;
            if (written > MAX_PART) {
                throw new MalformedException("part " + part + " is larger than " + (MAX_PART >> 20) + " MiB");
            }
            out.write(b, off, len);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /** A STOW-RS request body: the files as application/dicom parts, read from disk as the request is sent. */
    record Body(String boundary, long length, List<Path> files) {

        static Body of(List<Path> files) throws IOException {
            String boundary = "proxyprompt-" + UUID.randomUUID();
            long length = closing(boundary).length;
            for (Path f : files) {
                length += opening(boundary).length + Files.size(f) + CRLF.length();
            }
            return new Body(boundary, length, List.copyOf(files));
        }

        String contentType() {
            return "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
        }

        /** A fresh stream of the whole body (the HTTP client may ask for it again on a retry). */
        InputStream open() {
            return new SequenceInputStream(new Enumeration<>() {
                private int i;

                @Override
                public boolean hasMoreElements() {
                    return i <= 3 * files.size();
                }

                @Override
                public InputStream nextElement() {
                    if (!hasMoreElements()) {
                        throw new NoSuchElementException();
                    }
                    int k = i++;
                    if (k == 3 * files.size()) {
                        return new ByteArrayInputStream(closing(boundary));
                    }
                    return switch (k % 3) {
                        case 0 -> new ByteArrayInputStream(opening(boundary));
                        case 1 -> {
                            try {
                                yield Files.newInputStream(files.get(k / 3));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        default -> new ByteArrayInputStream(CRLF.getBytes(StandardCharsets.US_ASCII));
                    };
                }
            });
        }

        private static byte[] opening(String boundary) {
            return ("--" + boundary + CRLF + "Content-Type: application/dicom" + CRLF + CRLF)
                    .getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] closing(String boundary) {
            return ("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII);
        }
    }
}
