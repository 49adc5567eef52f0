package io.proxyprompt.inference;

import java.util.Arrays;

/**
 * A float tensor held on the Java heap between graph runs (embeddings, object features, prompts, logits).
 *
 * @param data  row-major values
 * @param shape dimensions; their product is {@code data.length}
 */
public record Tensor(float[] data, long[] shape) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long dim(int i) {
        return shape[i];
    }

    /** Heap bytes used by the values (for cache accounting). */
    public long bytes() {
        return 4L * data.length + 16;
    }

    /** Stacks same-shaped tensors whose first dimension is 1 along that dimension. */
    public static Tensor stack(java.util.List<Tensor> parts) {
        long[] s = parts.get(0).shape.clone();
        int each = parts.get(0).data.length;
        float[] out = new float[each * parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            Tensor t = parts.get(i);
            if (t.data.length != each) {
                throw new IllegalArgumentException("cannot stack tensors of different shapes");
            }
            System.arraycopy(t.data, 0, out, i * each, each);
        }
        s[0] = s[0] * parts.size();
        return new Tensor(out, s);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }
}
