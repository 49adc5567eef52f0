package io.proxyprompt.ui;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.image.ImageLoadException;
import io.proxyprompt.image.ImageReader;
import io.proxyprompt.image.ImageStack;
import io.proxyprompt.progress.CancellationToken;
import io.proxyprompt.progress.ProgressListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A reader for tiny synthetic test images ("SYN w h" text files, a fundus-like disc on a gradient), so UI tests
 * run without the engine's raster reader.
 */
final class TestImages implements ImageReader {

    static Path write(Path dir, String name, int w, int h) throws IOException {
        Path f = dir.resolve(name + ".syn");
        Files.writeString(f, "SYN " + w + " " + h);
        return f;
    }

    @Override
    public boolean canRead(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) < 64
                    && Files.readString(file, StandardCharsets.US_ASCII).startsWith("SYN ");
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public List<ImageStack> read(Path file, ProgressListener progress, CancellationToken cancel)
            throws ImageLoadException {
        try {
            String[] parts = Files.readString(file).strip().split(" ");
            int w = Integer.parseInt(parts[1]);
            int h = Integer.parseInt(parts[2]);
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double d = Math.hypot(x - w * 0.35, y - h * 0.5);
                    boolean disc = d < Math.min(w, h) * 0.12;
                    int i = (y * w + x) * 3;
                    rgb[i] = (byte) (disc ? 250 : 120 + x * 100 / w);
                    rgb[i + 1] = (byte) (disc ? 220 : 40 + y * 40 / h);
                    rgb[i + 2] = (byte) (disc ? 160 : 20);
                }
            }
            String name = file.getFileName().toString().replace(".syn", "");
            return List.of(new ImageStack(name, file, List.of(Frame.photo(w, h, 3, rgb,
                    new FrameOrigin(file, null, 0))), ImageStack.Kind.PHOTO));
        } catch (IOException | RuntimeException e) {
            throw new ImageLoadException(file, "not a synthetic test image");
        }
    }
}
