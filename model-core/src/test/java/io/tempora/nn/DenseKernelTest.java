package io.tempora.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DenseKernelTest {

    private static final int[][] SHAPES = {
        {1, 1}, {3, 5}, {16, 32}, {32, 16}, {16, 3}, {16, 4}, {7, 13}, {5, 17}, {64, 16}, {16, 64}, {2, 9},
    };

    /** The contract, written out: b[o] + W[o][0] x[0] + … summed left to right, a multiply then an add. */
    private static double[] reference(double[] theta, int w, int b, int in, int rows, double[] x) {
        double[] out = new double[rows];
        for (int o = 0; o < rows; o++) {
            double s = theta[b + o];
            for (int i = 0; i < in; i++) {
                s += theta[w + o * in + i] * x[i];
            }
            out[o] = s;
        }
        return out;
    }

    @Test
    void theBuildRunsTheVectorKernel() {
        assertThat(DenseKernel.vectorAvailable())
                .as("model-core's surefire runs with --add-modules jdk.incubator.vector").isTrue();
        assertThat(DenseKernel.create(16, 32).getClass().getSimpleName()).isEqualTo("VectorDenseKernel");
    }

    @Test
    void bothKernelsAreBitIdenticalToTheLeftToRightSumForEveryShape() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            int in = shape[0];
            int rows = shape[1];
            int pad = 5;
            double[] theta = new double[pad + rows * in + rows + 3];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = rnd.nextGaussian();
            }
            int w = pad;
            int b = pad + rows * in;
            double[] x = new double[in];
            for (int i = 0; i < in; i++) {
                x[i] = rnd.nextGaussian() * Math.exp(3 * rnd.nextGaussian());
            }
            double[] expected = reference(theta, w, b, in, rows, x);
            for (DenseKernel kernel : new DenseKernel[] {new ScalarDenseKernel(in, rows), DenseKernel.create(in, rows)}) {
                kernel.pack(theta, w, b);
                double[] out = new double[rows + 2];
                out[rows] = 42;
                out[rows + 1] = 43;
                kernel.apply(x, out);
                for (int o = 0; o < rows; o++) {
                    assertThat(Double.doubleToRawLongBits(out[o]))
                            .as("%s %d -> %d, row %d", kernel.getClass().getSimpleName(), in, rows, o)
                            .isEqualTo(Double.doubleToRawLongBits(expected[o]));
                }
                assertThat(out[rows]).as("writes nothing past its rows").isEqualTo(42);
                assertThat(out[rows + 1]).isEqualTo(43);
            }
        }
    }

    @Test
    void fusedTanhIsBitIdenticalToTanhOfTheAffineOutputs() {
        // Scales putting the pre-activations near zero (k = 0 in tanh's reduction), around one, into saturation.
        assertFusedIsBitIdentical(5, in -> new double[] {1e-3 / in, 0.05 / Math.sqrt(in), 0.3, 3}, Tanh::tanh,
                DenseKernel::applyTanh);
    }

    @Test
    void fusedSoftplusIsBitIdenticalToSoftplusOfTheAffineOutputs() {
        // Pre-activations near zero, on both sides of the log's range switch (|z| ≈ 0.88), far out,
        // and beyond the closed-form tail (|z| > 708, the lane-by-lane fallback).
        assertFusedIsBitIdentical(9, in -> new double[] {1e-3 / in, 0.3, 3, 2000}, Softplus::softplus,
                DenseKernel::applySoftplus);
    }

    /** The fused call of both kernels against {@code f} of the reference affine map, on every shape and weight scale. */
    private static void assertFusedIsBitIdentical(long seed, IntFunction<double[]> scales, DoubleUnaryOperator f,
                                                  Fused fused) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int[] shape : SHAPES) {
            int in = shape[0];
            int rows = shape[1];
            for (double scale : scales.apply(in)) {
                double[] theta = new double[rows * in + rows];
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = rnd.nextGaussian() * scale;
                }
                double[] x = new double[in];
                for (int i = 0; i < in; i++) {
                    x[i] = rnd.nextGaussian();
                }
                double[] expected = reference(theta, 0, rows * in, in, rows, x);
                for (int o = 0; o < rows; o++) {
                    expected[o] = f.applyAsDouble(expected[o]);
                }
                for (DenseKernel kernel : new DenseKernel[] {new ScalarDenseKernel(in, rows), DenseKernel.create(in, rows)}) {
                    kernel.pack(theta, 0, rows * in);
                    double[] out = new double[rows];
                    fused.apply(kernel, x, out);
                    for (int o = 0; o < rows; o++) {
                        assertThat(Double.doubleToRawLongBits(out[o]))
                                .as("%s %d -> %d scale %g, row %d", kernel.getClass().getSimpleName(), in, rows, scale, o)
                                .isEqualTo(Double.doubleToRawLongBits(expected[o]));
                    }
                }
            }
        }
    }

    /** One of the kernel's fused calls ({@code applyTanh}, {@code applySoftplus}). */
    private interface Fused {
        void apply(DenseKernel kernel, double[] x, double[] out);
    }

    @Test
    void packingAgainFollowsChangedParameters() {
        int in = 16;
        int rows = 32;
        double[] theta = new double[rows * in + rows];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rnd.nextGaussian();
        }
        double[] x = new double[in];
        java.util.Arrays.fill(x, 0.5);
        DenseKernel kernel = DenseKernel.create(in, rows);
        kernel.pack(theta, 0, rows * in);
        double[] out = new double[rows];
        kernel.apply(x, out);
        theta[rows * in + 7] += 1;   // bias of row 7
        theta[3 * in + 2] += 2;      // W[3][2]
        kernel.pack(theta, 0, rows * in);
        double[] again = new double[rows];
        kernel.apply(x, again);
        assertThat(again[7]).isCloseTo(out[7] + 1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(again[3]).isCloseTo(out[3] + 1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(again[0]).isEqualTo(out[0]);
    }

    @Test
    void refusesAnEmptyLayer() {
        assertThatThrownBy(() -> DenseKernel.create(0, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in >= 1");
        assertThatThrownBy(() -> new ScalarDenseKernel(3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
