package io.proxyprompt.preprocess;

/**
 * An image ready for the image encoder: a normalised, padded {@code [3,S,S]} tensor (channel-major) and the
 * geometry that undoes the fitting.
 *
 * @param tensor     3*S*S floats, RGB planes
 * @param geometry   how the original was fitted into the square
 * @param contentKey SHA-256 of the original RGB pixels and size: equal keys mean equal embeddings
 */
public record PreparedImage(float[] tensor, Geometry geometry, String contentKey) {

    public PreparedImage {
        int s = geometry.inputSize();
        if (tensor.length != 3 * s * s) {
            throw new IllegalArgumentException("tensor holds " + tensor.length + " floats, expected " + 3 * s * s);
        }
    }
}
