package io.proxyprompt.image;

import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checks that a PNG, JPEG or BMP file is complete and intact before it is decoded. Decoders turn a file cut short
 * (an interrupted copy or download) into an image with grey or smeared streaks where the data ran out, and say so
 * only on the console; such an image must be refused, not segmented.
 */
final class RasterIntegrity {

    private static final String RECOPY = "copy the file again from its source (or export it again from the camera "
            + "or archive) and open the new copy";

    private RasterIntegrity() {
    }

    /** What is wrong with the file, for the user; empty when it is complete (TIFF is left to the decoder). */
    static Optional<String> problem(RasterHeader.Format format, byte[] bytes) {
        return switch (format) {
            case JPEG -> jpeg(bytes);
            case PNG -> png(bytes);
            case BMP -> bmp(bytes);
            default -> Optional.empty();
        };
    }

    private static Optional<String> cutShort(String format, String detail) {
        return Optional.of("is incomplete: the " + format + " data ends early (" + detail + "), so part of the "
                + "picture would be missing or streaked; " + RECOPY);
    }

    /** Walks the JPEG's segments and entropy-coded scans until the end-of-image marker. */
    private static Optional<String> jpeg(byte[] b) {
        int n = b.length;
        int i = 2;
        boolean scanned = false;
        while (true) {
            while (i < n && (b[i] & 0xFF) != 0xFF) {
                i++; // stray bytes between segments: tolerated, as decoders do
            }
            while (i + 1 < n && (b[i + 1] & 0xFF) == 0xFF) {
                i++; // fill bytes
            }
            if (i + 1 >= n) {
                return cutShort("JPEG", scanned ? "no end-of-image marker after the image data"
                        : "it stops before the image data");
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xD9) {
                return scanned ? Optional.empty() : cutShort("JPEG", "it ends before any image data");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            if (i + 3 >= n) {
                return cutShort("JPEG", "a header segment is cut off");
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            i += 2 + length;
            if (i > n) {
                return cutShort("JPEG", "a header segment is cut off");
            }
            if (marker == 0xDA) {
                scanned = true;
                i = endOfScan(b, i);
            }
        }
    }

    /** The index of the first marker after a scan's entropy-coded data ({@code b.length} when there is none). */
    private static int endOfScan(byte[] b, int i) {
        int n = b.length;
        while (i + 1 < n) {
            if ((b[i] & 0xFF) == 0xFF) {
                int next = b[i + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
                i += next == 0xFF ? 1 : 2;
            } else {
                i++;
            }
        }
        return n;
    }

    /** Walks the PNG's chunks, checking each one's CRC, until IEND. */
    private static Optional<String> png(byte[] b) {
        int n = b.length;
        int i = 8;
        CRC32 crc = new CRC32();
        while (true) {
            if (i + 12 > n) {
                return cutShort("PNG", "the file stops before its IEND end chunk");
            }
            long length = readUInt(b, i);
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (length > n - i - 12L) {
                return cutShort("PNG", "the " + type + " chunk is cut off");
            }
            crc.reset();
            crc.update(b, i + 4, 4 + (int) length);
            if (crc.getValue() != readUInt(b, i + 8 + (int) length)) {
                return Optional.of("is damaged: its " + type + " chunk fails its checksum, so the picture would be "
                        + "wrong; " + RECOPY);
            }
            if (type.equals("IEND")) {
                return Optional.empty();
            }
            i += 12 + (int) length;
        }
    }

    /** Compares the size a BMP's header declares with the bytes present. */
    private static Optional<String> bmp(byte[] b) {
        if (b.length < 6) {
            return cutShort("BMP", "the header is cut off");
        }
        long declared = (b[2] & 0xFFL) | (b[3] & 0xFFL) << 8 | (b[4] & 0xFFL) << 16 | (b[5] & 0xFFL) << 24;
        return declared > b.length ? cutShort("BMP", b.length + " of the " + declared + " bytes its header declares")
                : Optional.empty();
    }

    private static long readUInt(byte[] b, int off) {
        return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFFL) << 16 | (b[off + 2] & 0xFFL) << 8 | (b[off + 3] & 0xFFL);
    }
}
