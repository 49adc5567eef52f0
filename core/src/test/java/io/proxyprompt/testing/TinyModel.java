package io.proxyprompt.testing;

import io.proxyprompt.image.Frame;
import io.proxyprompt.image.FrameOrigin;
import io.proxyprompt.inference.ModelBundle;
import io.proxyprompt.mask.Mask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The contract-shaped tiny model of {@code src/test/resources/tiny-model} (see its make_tiny_model.py): its target
 * mask is the quadrants of the padded square that the support mask mostly covers. Copied per test so tests may
 * damage it.
 */
public final class TinyModel {

    public static final Path SOURCE = Path.of(System.getProperty("proxyprompt.repo", "."),
            "core/src/test/resources/tiny-model");

    /**
     * The tiny model of the extended contract (see its make_tiny_hr_model.py): S=64, encoder_downsample 2,
     * hr_features 2x32x32, 32x32 logits, same quadrant rule.
     */
    public static final Path HR_SOURCE = Path.of(System.getProperty("proxyprompt.repo", "."),
            "core/src/test/resources/tiny-model-hr");

    /**
     * A tiny exported model with the click path (issue 21; training/click_export.py --tiny): S=128, hr_features, the
     * four graphs without clicks and {@code click_decoder.onnx}, the decoder that takes point_coords and point_labels;
     * random weights with a random click head.
     */
    public static final Path CLICKS_SOURCE = Path.of(System.getProperty("proxyprompt.repo", "."),
            "core/src/test/resources/tiny-model-clicks");

    private TinyModel() {
    }

    /** A fresh copy of the tiny model folder under {@code dir}. */
    public static Path copyTo(Path dir) throws IOException {
        return copy(SOURCE, dir.resolve("tiny-model"));
    }

    /** A fresh copy of the tiny model folder of the extended (hr_features) contract under {@code dir}. */
    public static Path copyHrTo(Path dir) throws IOException {
        return copy(HR_SOURCE, dir.resolve("tiny-model-hr"));
    }

    /** A fresh copy of the tiny click model folder under {@code dir}. */
    public static Path copyClicksTo(Path dir) throws IOException {
        return copy(CLICKS_SOURCE, dir.resolve("tiny-model-clicks"));
    }

    /** A fresh copy of the tiny click model without its click decoder (the same model as it segments). */
    public static Path copyClicksBaseTo(Path dir) throws Exception {
        Path model = copy(CLICKS_SOURCE, dir.resolve("tiny-model-clicks-base"));
        Path manifest = model.resolve("model.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("files")).remove("click_decoder");
        json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
        Files.delete(model.resolve("click_decoder.onnx"));
        return model;
    }

    private static Path copy(Path source, Path target) throws IOException {
        Path out = Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, out.resolve(f.getFileName()));
            }
        }
        return out;
    }

    /** Replaces a listed file's bytes and records the new sha256 in model.json (so only the content is wrong). */
    public static void replaceKeepingManifestValid(Path model, String file, byte[] bytes) throws Exception {
        Path target = model.resolve(file);
        String oldSha = ModelBundle.sha256(target);
        Files.write(target, bytes);
        String newSha = ModelBundle.sha256(target);
        Path manifest = model.resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace(oldSha, newSha));
    }

    /** An RGB frame filled with a colour, with a brighter square so frames with different seeds differ. */
    public static Frame frame(int width, int height, int seed) {
        byte[] rgb = new byte[width * height * 3];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (60 + r.nextInt(120));
        }
        return Frame.photo(width, height, 3, rgb, new FrameOrigin(Path.of("synthetic-" + seed + ".png"), null, 0));
    }

    /** A mask with the rectangle [x0,x1) x [y0,y1) inside. */
    public static Mask rect(int width, int height, int x0, int y0, int x1, int y1) {
        Mask m = new Mask(width, height);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m.set(x, y, true);
            }
        }
        return m;
    }
}
