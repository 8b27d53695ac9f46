package io.tempora.nn;

import java.util.Arrays;

/**
 * One named parameter tensor inside a {@link ParameterSet}: its shape (row-major), its place in the
 * flat vector and how it is initialised. Element {@code (i, j)} of a 2-D parameter of shape
 * {@code (rows, cols)} sits at {@code offset + i * cols + j}.
 *
 * @param name           unique within its set, e.g. {@code "drift.l0.weight"}
 * @param shape          dimensions, each &gt; 0 (copied in and out)
 * @param offset         index of the first element in the flat vector
 * @param initialisation how {@link ParameterSet#initialise(long)} fills it
 */
public record Parameter(String name, int[] shape, int offset, Initialisation initialisation) {

    public Parameter {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must be non-blank");
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("parameter '" + name + "' needs at least one dimension");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter '" + name + "' has a non-positive dimension in shape "
                        + Arrays.toString(shape) + "; every dimension must be >= 1");
            }
        }
        if (offset < 0) {
            throw new IllegalArgumentException("parameter '" + name + "' has negative offset " + offset);
        }
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameter p
                && p.name.equals(name)
                && Arrays.equals(p.shape, shape)
                && p.offset == offset
                && p.initialisation == initialisation;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + offset;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
