package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FieldKernelTest {

    /** D, H, K: the default, shapes leaving every register remainder, and a single unit. */
    private static final int[][] SHAPES = {
        {16, 32, 3},
        {16, 32, 4},
        {1, 1, 1},
        {3, 5, 2},
        {5, 7, 1},
        {6, 9, 2},
        {7, 13, 5},
        {9, 15, 7},
        {8, 16, 8},
        {32, 64, 4},
        {12, 17, 3},
    };

    /** The definition, written out in plain arithmetic: row-major weights, left-to-right sums. */
    private static void reference(
            double[] theta,
            int d,
            int h,
            int k,
            double[] gamma,
            double[] x,
            double[] f,
            double[] lambda,
            double[] scale) {
        int w1 = 0;
        int b1 = w1 + h * d;
        int w2 = b1 + h;
        int b2 = w2 + d * h;
        int wl = b2 + d;
        int bl = wl + k * d;
        double[] a = new double[h];
        double[] aMag = new double[h];
        for (int o = 0; o < h; o++) {
            double s = theta[b1 + o];
            for (int i = 0; i < d; i++) {
                s += theta[w1 + o * d + i] * x[i];
            }
            a[o] = Tanh.tanh(s);
        }
        for (int o = 0; o < d; o++) {
            double s = theta[b2 + o];
            double m = Math.abs(s);
            for (int i = 0; i < h; i++) {
                s += theta[w2 + o * h + i] * a[i];
                m += Math.abs(theta[w2 + o * h + i] * a[i]);
            }
            f[o] = s - gamma[o] * x[o];
            scale[o] = m + Math.abs(gamma[o] * x[o]);
        }
        for (int o = 0; o < k; o++) {
            double s = theta[bl + o];
            for (int i = 0; i < d; i++) {
                s += theta[wl + o * d + i] * x[i];
            }
            lambda[o] = Softplus.softplus(s);
        }
    }

    @Test
    void theBuildRunsTheVectorKernel() {
        assertThat(FieldKernel.vectorAvailable())
                .as("model-core's surefire runs with --add-modules jdk.incubator.vector")
                .isTrue();
        assertThat(FieldKernel.create(16, 32, 3).getClass().getSimpleName()).isEqualTo("VectorFieldKernel");
    }

    @Test
    void scalarKernelIsBitIdenticalAndVectorKernelWithinRoundingForEveryShape() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            int d = shape[0];
            int h = shape[1];
            int k = shape[2];
            // Weight scales putting the pre-activations near zero, around one and into saturation; the
            // last also sends some intensities beyond softplus' closed-form tail (the lane-by-lane path).
            for (double scale : new double[] {1e-3, 0.3, 1.5, 400}) {
                double[] theta = new double[h * d + h + d * h + d + k * d + k];
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = rnd.nextGaussian() * scale / Math.sqrt(d);
                }
                double[] gamma = new double[d];
                for (int i = 0; i < d; i++) {
                    gamma[i] = rnd.nextDouble(0.01, 1);
                }
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    x[i] = rnd.nextGaussian() * 2;
                }
                double[] f = new double[d];
                double[] lambda = new double[k];
                double[] mag = new double[d];
                reference(theta, d, h, k, gamma, x, f, lambda, mag);
                int w2 = h * d + h;
                int wl = w2 + d * h + d;
                for (FieldKernel kernel :
                        new FieldKernel[] {FieldKernel.scalar(d, h, k), FieldKernel.create(d, h, k)}) {
                    kernel.pack(theta, 0, h * d, w2, w2 + d * h, wl, wl + k * d, gamma);
                    double[] gotF = new double[d + 2];
                    double[] gotL = new double[k + 2];
                    gotF[d] = 42;
                    gotL[k] = 43;
                    kernel.evaluate(x, gotF, gotL);
                    boolean exact = kernel.getClass().getSimpleName().startsWith("Scalar");
                    String what =
                            kernel.getClass().getSimpleName() + " D=" + d + " H=" + h + " K=" + k + " scale " + scale;
                    for (int o = 0; o < d; o++) {
                        if (exact) {
                            assertThat(gotF[o]).as("%s f[%d]", what, o).isEqualTo(f[o]);
                        } else {
                            // Reordered sums with one rounding per multiply-add: a few ulps of the terms' magnitudes.
                            assertThat(Math.abs(gotF[o] - f[o]))
                                    .as("%s f[%d]", what, o)
                                    .isLessThanOrEqualTo(1e-14 * mag[o]);
                        }
                    }
                    for (int o = 0; o < k; o++) {
                        if (exact) {
                            assertThat(gotL[o]).as("%s λ[%d]", what, o).isEqualTo(lambda[o]);
                        } else {
                            // softplus' relative error stays within ulps (the pre-activation's rounding differs by
                            // ulps).
                            assertThat(Math.abs(gotL[o] - lambda[o]))
                                    .as("%s λ[%d]", what, o)
                                    .isLessThanOrEqualTo(1e-13 * Math.max(1, lambda[o]));
                        }
                    }
                    assertThat(gotF[d])
                            .as("%s writes nothing past f's D components", what)
                            .isEqualTo(42);
                    assertThat(gotL[k])
                            .as("%s writes nothing past λ's K components", what)
                            .isEqualTo(43);
                }
            }
        }
    }

    @Test
    void packingAgainFollowsChangedParameters() {
        int d = 16;
        int h = 32;
        int k = 3;
        double[] theta = new double[h * d + h + d * h + d + k * d + k];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rnd.nextGaussian() * 0.2;
        }
        double[] gamma = new double[d];
        java.util.Arrays.fill(gamma, 0.5);
        double[] x = new double[d];
        java.util.Arrays.fill(x, 0.5);
        int w2 = h * d + h;
        int wl = w2 + d * h + d;
        FieldKernel kernel = FieldKernel.create(d, h, k);
        kernel.pack(theta, 0, h * d, w2, w2 + d * h, wl, wl + k * d, gamma);
        double[] f = new double[d];
        double[] lambda = new double[k];
        kernel.evaluate(x, f, lambda);
        theta[w2 + d * h + 7] += 1; // output bias of row 7
        gamma[3] += 2; // leak of component 3: f[3] moves by −2·x[3] = −1
        kernel.pack(theta, 0, h * d, w2, w2 + d * h, wl, wl + k * d, gamma);
        double[] again = new double[d];
        kernel.evaluate(x, again, lambda);
        assertThat(again[7]).isCloseTo(f[7] + 1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(again[3]).isCloseTo(f[3] - 1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(again[0]).isEqualTo(f[0]);
    }

    @Test
    void refusesAnEmptyShape() {
        assertThatThrownBy(() -> FieldKernel.create(0, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("D, H and K >= 1");
        assertThatThrownBy(() -> FieldKernel.scalar(3, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
