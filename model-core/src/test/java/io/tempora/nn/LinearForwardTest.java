package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearForwardTest {

    @Test
    void forwardIsTheRowByRowSumBitForBit() {
        // The forward pass interleaves four rows for speed; each row must still be b + W x summed left to right.
        SplittableRandom rng = new SplittableRandom(3);
        for (int in = 1; in <= 7; in++) {
            for (int out = 1; out <= 11; out++) {
                ParameterSet.Builder b = ParameterSet.builder();
                b.add("pad", Initialisation.ZEROS, 3);
                Linear layer = Linear.define(b, "l", in, out);
                ParameterSet p = b.build();
                double[] theta = p.values();
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = rng.nextDouble(-2, 2);
                }
                double[] x = rng.doubles(in, -3, 3).toArray();
                double[] y = new double[out];
                layer.forward(theta, x, y);
                for (int o = 0; o < out; o++) {
                    double s = theta[layer.bias().offset() + o];
                    for (int i = 0; i < in; i++) {
                        s += theta[layer.weight().offset() + o * in + i] * x[i];
                    }
                    assertThat(y[o]).as("in=%d out=%d row %d", in, out, o).isEqualTo(s);
                }
            }
        }
    }
}
