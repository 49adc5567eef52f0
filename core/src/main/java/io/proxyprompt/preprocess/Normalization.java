package io.proxyprompt.preprocess;

import java.util.Arrays;

/**
 * Per-channel normalisation {@code (x - mean) / std} on RGB values 0..255, as the model's {@code model.json} says.
 */
public record Normalization(double[] mean, double[] std) {

    /** SAM's ImageNet statistics, the contract default. */
    public static final Normalization SAM = new Normalization(new double[] {123.675, 116.28, 103.53},
            new double[] {58.395, 57.12, 57.375});

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalization needs 3 means and 3 stds (RGB)");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalization std must be positive: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
