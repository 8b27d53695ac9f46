package io.tempora.bench.solver;

import io.tempora.ode.VectorField;
import java.util.SplittableRandom;

/**
 * {@code f(y) = W2·tanh(W1·y + b1) + b2} in plain loops, with one preallocated hidden buffer: the
 * batch-1 shape of the streaming model's vector field.
 *
 * <p>The weights are stored transposed (column-major W1 and W2) so that both products are sums of
 * scaled columns, {@code z += y_i · W1[:, i]}: the inner loop is then an axpy without a
 * floating-point reduction, which HotSpot's superword pass vectorises, where the dot-product form
 * must stay scalar to keep its summation order.
 */
public final class NeuralField implements VectorField {

    private final int d;
    private final int hidden;
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;
    private final double[] z;

    private NeuralField(int d, int hidden, double[] w1, double[] b1, double[] w2, double[] b2) {
        this.d = d;
        this.hidden = hidden;
        this.w1 = transpose(w1, hidden, d);
        this.b1 = b1;
        this.w2 = transpose(w2, d, hidden);
        this.b2 = b2;
        this.z = new double[hidden];
    }

    /** Row-major {@code rows × cols} to row-major {@code cols × rows}. */
    private static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /** Gaussian weights scaled by 1/sqrt(fan-in) (so the field is of order one), small biases. */
    public static NeuralField random(int d, int hidden, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w1 = gaussian(random, hidden * d, 1 / Math.sqrt(d));
        double[] b1 = gaussian(random, hidden, 0.1);
        double[] w2 = gaussian(random, d * hidden, 1 / Math.sqrt(hidden));
        double[] b2 = gaussian(random, d, 0.1);
        return new NeuralField(d, hidden, w1, b1, w2, b2);
    }

    /** A standard normal initial state of dimension D. */
    public double[] randomState(long seed) {
        return gaussian(new SplittableRandom(seed), d, 1);
    }

    private static double[] gaussian(SplittableRandom random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i += 2) {
            // Box–Muller: two normals from two uniforms.
            double r = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double phi = 2 * Math.PI * random.nextDouble();
            v[i] = scale * r * Math.cos(phi);
            if (i + 1 < n) {
                v[i + 1] = scale * r * Math.sin(phi);
            }
        }
        return v;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        double[] z = this.z;
        System.arraycopy(b1, 0, z, 0, hidden);
        for (int i = 0; i < d; i++) {
            double yi = y[i];
            int col = i * hidden;
            for (int j = 0; j < hidden; j++) {
                z[j] += w1[col + j] * yi;
            }
        }
        for (int j = 0; j < hidden; j++) {
            z[j] = tanh(z[j]);
        }
        // dydt may alias y, which is no longer read.
        System.arraycopy(b2, 0, dydt, 0, d);
        for (int j = 0; j < hidden; j++) {
            double zj = z[j];
            int col = j * d;
            for (int i = 0; i < d; i++) {
                dydt[i] += w2[col + i] * zj;
            }
        }
    }

    /** tanh through one exp, {@code 1 − 2/(e^{2x} + 1)}: absolute error ~1e-16 (what a vector field needs), much faster than Math.tanh. */
    static double tanh(double x) {
        return 1 - 2 / (Math.exp(2 * x) + 1);
    }
}
