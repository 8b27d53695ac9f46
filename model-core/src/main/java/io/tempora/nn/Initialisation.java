package io.tempora.nn;

import java.util.SplittableRandom;

/**
 * How {@link ParameterSet#initialise(long)} fills one parameter tensor.
 *
 * <p>Weights use Glorot/Xavier uniform initialisation (Glorot &amp; Bengio 2010, "Understanding the
 * difficulty of training deep feedforward neural networks", eq. 16):
 * <pre>
 *   W_ij ~ U(-l, l),   l = gain * sqrt(6 / (fan_in + fan_out))
 * </pre>
 * with, for a tensor of shape (d_0, d_1, ..., d_k), {@code fan_out = d_0} and
 * {@code fan_in = d_1 * ... * d_k} (the PyTorch convention for an {@code out x in} weight). A 1-D
 * tensor uses {@code fan_in = fan_out = d_0}. Biases start at zero.
 */
public enum Initialisation {
    /** Glorot/Xavier uniform with gain 1 (suits tanh and sigmoid layers). */
    GLOROT_UNIFORM {
        @Override
        void fill(double[] values, int offset, int[] shape, SplittableRandom rng) {
            int fanOut = shape[0];
            int fanIn = 1;
            for (int i = 1; i < shape.length; i++) {
                fanIn *= shape[i];
            }
            if (shape.length == 1) {
                fanIn = shape[0];
            }
            double limit = Math.sqrt(6.0 / (fanIn + fanOut));
            int size = fanOut * (shape.length == 1 ? 1 : fanIn);
            for (int i = 0; i < size; i++) {
                values[offset + i] = rng.nextDouble(-limit, limit);
            }
        }
    },
    /** All zeros (biases). */
    ZEROS {
        @Override
        void fill(double[] values, int offset, int[] shape, SplittableRandom rng) {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            java.util.Arrays.fill(values, offset, offset + size, 0.0);
        }
    };

    /** Fills {@code values[offset, offset + prod(shape))}; draws from {@code rng} in index order. */
    abstract void fill(double[] values, int offset, int[] shape, SplittableRandom rng);
}
