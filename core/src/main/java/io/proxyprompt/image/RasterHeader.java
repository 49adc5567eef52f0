package io.proxyprompt.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a raster file's first bytes say: its format and, for PNG and JPEG, its size, so that over-large images are
 * refused before OpenCV allocates them.
 *
 * @param width 0 when the header does not say (TIFF, BMP) and the check happens after decoding
 */
record RasterHeader(Format format, int width, int height) {

    /** The formats recognised by their magic bytes. */
    enum Format { PNG, JPEG, TIFF, BMP, UNKNOWN }

    static Format sniff(Path file) {
        try {
            return formatOf(RasterImageReader.head(file, 8));
        } catch (IOException e) {
            return Format.UNKNOWN;
        }
    }

    static RasterHeader read(Path file) throws ImageLoadException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64 * 1024);
            Format f = formatOf(head);
            return switch (f) {
                case PNG -> head.length >= 24
                        ? new RasterHeader(f, readInt(head, 16), readInt(head, 20)) : new RasterHeader(f, 0, 0);
                case JPEG -> jpeg(head);
                default -> new RasterHeader(f, 0, 0);
            };
        } catch (IOException e) {
            throw new ImageLoadException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Format formatOf(byte[] h) {
        if (h.length >= 8 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G') {
            return Format.PNG;
        }
        if (h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
            return Format.JPEG;
        }
        if (h.length >= 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0)
                || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42))) {
            return Format.TIFF;
        }
        if (h.length >= 2 && h[0] == 'B' && h[1] == 'M') {
            return Format.BMP;
        }
        return Format.UNKNOWN;
    }

    private static RasterHeader jpeg(byte[] h) {
        int i = 2;
        while (i + 9 < h.length) {
            if ((h[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            int marker = h[i + 1] & 0xFF;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xFF) {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }
            int len = ((h[i + 2] & 0xFF) << 8) | (h[i + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                int height = ((h[i + 5] & 0xFF) << 8) | (h[i + 6] & 0xFF);
                int width = ((h[i + 7] & 0xFF) << 8) | (h[i + 8] & 0xFF);
                return new RasterHeader(Format.JPEG, width, height);
            }
            i += 2 + len;
        }
        return new RasterHeader(Format.JPEG, 0, 0);
    }

    private static int readInt(byte[] b, int off) {
        long v = ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
