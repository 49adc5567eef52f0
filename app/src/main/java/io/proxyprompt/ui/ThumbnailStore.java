package io.proxyprompt.ui;

import io.proxyprompt.common.Sha256;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Thumbnails kept on disk in the workspace's {@code thumbnails/} folder, one small PNG per source file (named after
 * the file's path, size and modification time, so an edited file gets a new one), so that a restart lists every
 * target with its thumbnail without decoding a single photograph. Called off the FX thread.
 */
final class ThumbnailStore {

    /** The folder inside the workspace. */
    static final String FOLDER = "thumbnails";

    private final Path dir;

    ThumbnailStore(Path workspace) {
        this.dir = workspace.resolve(FOLDER);
    }

    /** The stored thumbnail of {@code source}, or null when there is none (or it cannot be read). */
    Image read(Path source) {
        Path f = fileOf(source);
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try {
            BufferedImage b = ImageIO.read(f.toFile());
            if (b == null) {
                return null;
            }
            int w = b.getWidth();
            int h = b.getHeight();
            int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
            WritableImage img = new WritableImage(w, h);
            img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            return img;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Stores a thumbnail given as packed RGB bytes; a failure only means the next start decodes the photograph
     * again, so it is not reported.
     */
    void write(Path source, byte[] rgb, int width, int height) {
        Path f = fileOf(source);
        if (f == null) {
            return;
        }
        try {
            BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] px = new int[width * height];
            for (int i = 0; i < px.length; i++) {
                px[i] = (rgb[i * 3] & 0xFF) << 16 | (rgb[i * 3 + 1] & 0xFF) << 8 | (rgb[i * 3 + 2] & 0xFF);
            }
            b.setRGB(0, 0, width, height, px, 0, width);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "thumb", ".tmp");
            try {
                ImageIO.write(b, "png", tmp.toFile());
                Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // the thumbnail is made again from the photograph next time
        }
    }

    /** The file for a source as it is now, or null when the source is gone. */
    private Path fileOf(Path source) {
        try {
            Path abs = source.toAbsolutePath();
            String key = abs + "|" + Files.size(abs) + "|" + Files.getLastModifiedTime(abs).toMillis();
            byte[] hash = Sha256.digest().digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 12) + ".png");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
