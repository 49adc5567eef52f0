package io.proxyprompt.preprocess;

/**
 * How an image was fitted into the model's square input: resized so its longest side is {@code inputSize}
 * (aspect kept), placed top-left, padded bottom/right. Keeping it lets masks map back to the original pixels.
 *
 * @param originalWidth  width of the source image in pixels
 * @param originalHeight height of the source image in pixels
 * @param scaledWidth    width of the resized image inside the square (the valid region)
 * @param scaledHeight   height of the resized image inside the square
 * @param inputSize      the model's square input side S
 */
public record Geometry(int originalWidth, int originalHeight, int scaledWidth, int scaledHeight, int inputSize) {

    public Geometry {
        if (originalWidth <= 0 || originalHeight <= 0 || inputSize <= 0) {
            throw new IllegalArgumentException("Invalid geometry " + originalWidth + "x" + originalHeight
                    + " -> " + inputSize);
        }
        if (scaledWidth <= 0 || scaledHeight <= 0 || scaledWidth > inputSize || scaledHeight > inputSize) {
            throw new IllegalArgumentException("Scaled size " + scaledWidth + "x" + scaledHeight
                    + " does not fit in " + inputSize);
        }
    }

    /** The geometry for an image of the given size (SAM's rule: scale = S / longest side, sizes rounded). */
    public static Geometry fit(int width, int height, int inputSize) {
        double scale = inputSize / (double) Math.max(width, height);
        int w = Math.max(1, Math.min(inputSize, (int) Math.floor(width * scale + 0.5)));
        int h = Math.max(1, Math.min(inputSize, (int) Math.floor(height * scale + 0.5)));
        return new Geometry(width, height, w, h, inputSize);
    }

    /** Model-input pixels per original pixel along x. */
    public double scaleX() {
        return scaledWidth / (double) originalWidth;
    }

    /** Model-input pixels per original pixel along y. */
    public double scaleY() {
        return scaledHeight / (double) originalHeight;
    }

    /** Maps an original pixel coordinate (continuous, pixel centres at +0.5) into the model input. */
    public double[] toInput(double x, double y) {
        return new double[] {x * scaleX(), y * scaleY()};
    }

    /** Maps a model-input coordinate back to the original image. */
    public double[] toOriginal(double x, double y) {
        return new double[] {x / scaleX(), y / scaleY()};
    }
}
