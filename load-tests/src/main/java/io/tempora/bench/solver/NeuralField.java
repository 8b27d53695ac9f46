package io.tempora.bench.solver;

import io.tempora.ode.VectorField;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code f(y) = W2·tanh(W1·y + b1) + b2} in plain loops, with one preallocated hidden buffer: the
 * batch-1 shape of the streaming model's vector field.
 *
 * <p>The weights are stored transposed (column-major W1 and W2) so that both products are sums of
 * scaled columns, {@code z += y_i · W1[:, i]}: the inner loop is then an axpy without a
 * floating-point reduction, which HotSpot's superword pass vectorises, where the dot-product form
 * must stay scalar to keep its summation order.
 *
 * <p>{@link #evaluate} runs on the Vector API when D is a multiple of four vectors and H of eight
 * (D = 16, H = 64 on AVX2): eight independent fused multiply-add chains hide the FMA latency,
 * and tanh is {@link VectorMath#tanhInPlace}. That is the speed a production kernel reaches; the solver
 * benchmark needs it because a slow field hides the solvers' own costs, which are what it compares.
 * {@link #evaluateScalar} is the plain-loop form, kept as the check (they agree to ~1e-15).
 */
public final class NeuralField implements VectorField {

    private final int d;
    private final int hidden;
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;
    private final double[] z;
    private final boolean vectorised;

    private NeuralField(int d, int hidden, double[] w1, double[] b1, double[] w2, double[] b2) {
        this.d = d;
        this.hidden = hidden;
        this.w1 = transpose(w1, hidden, d);
        this.b1 = b1;
        this.w2 = transpose(w2, d, hidden);
        this.b2 = b2;
        this.z = new double[hidden];
        int lanes = SPECIES.length();
        this.vectorised = d % (4 * lanes) == 0 && hidden % (8 * lanes) == 0;
    }

    private static final VectorSpecies<Double> SPECIES = VectorMath.SPECIES;

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

    /** Whether {@link #evaluate} takes the Vector API path. */
    public boolean vectorised() {
        return vectorised;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        if (!vectorised) {
            evaluateScalar(y, dydt);
            return;
        }
        int lanes = SPECIES.length();
        // Eight accumulators (32 hidden units on AVX2) per pass: enough independent FMA chains to keep
        // both FMA units busy through their latency, few enough to stay in the 16 vector registers.
        for (int j = 0; j < hidden; j += 8 * lanes) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, b1, j);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, b1, j + lanes);
            DoubleVector a2 = DoubleVector.fromArray(SPECIES, b1, j + 2 * lanes);
            DoubleVector a3 = DoubleVector.fromArray(SPECIES, b1, j + 3 * lanes);
            DoubleVector a4 = DoubleVector.fromArray(SPECIES, b1, j + 4 * lanes);
            DoubleVector a5 = DoubleVector.fromArray(SPECIES, b1, j + 5 * lanes);
            DoubleVector a6 = DoubleVector.fromArray(SPECIES, b1, j + 6 * lanes);
            DoubleVector a7 = DoubleVector.fromArray(SPECIES, b1, j + 7 * lanes);
            for (int i = 0; i < d; i++) {
                DoubleVector yi = DoubleVector.broadcast(SPECIES, y[i]);
                int c = i * hidden + j;
                a0 = DoubleVector.fromArray(SPECIES, w1, c).fma(yi, a0);
                a1 = DoubleVector.fromArray(SPECIES, w1, c + lanes).fma(yi, a1);
                a2 = DoubleVector.fromArray(SPECIES, w1, c + 2 * lanes).fma(yi, a2);
                a3 = DoubleVector.fromArray(SPECIES, w1, c + 3 * lanes).fma(yi, a3);
                a4 = DoubleVector.fromArray(SPECIES, w1, c + 4 * lanes).fma(yi, a4);
                a5 = DoubleVector.fromArray(SPECIES, w1, c + 5 * lanes).fma(yi, a5);
                a6 = DoubleVector.fromArray(SPECIES, w1, c + 6 * lanes).fma(yi, a6);
                a7 = DoubleVector.fromArray(SPECIES, w1, c + 7 * lanes).fma(yi, a7);
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + lanes);
            a2.intoArray(z, j + 2 * lanes);
            a3.intoArray(z, j + 3 * lanes);
            a4.intoArray(z, j + 4 * lanes);
            a5.intoArray(z, j + 5 * lanes);
            a6.intoArray(z, j + 6 * lanes);
            a7.intoArray(z, j + 7 * lanes);
        }
        // Arrays in and out, no vector live across the call: C2 boxes a vector held over a call it
        // does not inline, and the Vector API then runs its Java fallback.
        VectorMath.tanhInPlace(z, 0, hidden);
        // dydt may alias y, which is no longer read. Even and odd hidden units feed separate
        // accumulators: eight independent FMA chains instead of four, half the latency-bound length.
        for (int i = 0; i < d; i += 4 * lanes) {
            DoubleVector o0 = DoubleVector.fromArray(SPECIES, b2, i);
            DoubleVector o1 = DoubleVector.fromArray(SPECIES, b2, i + lanes);
            DoubleVector o2 = DoubleVector.fromArray(SPECIES, b2, i + 2 * lanes);
            DoubleVector o3 = DoubleVector.fromArray(SPECIES, b2, i + 3 * lanes);
            DoubleVector p0 = DoubleVector.zero(SPECIES);
            DoubleVector p1 = p0;
            DoubleVector p2 = p0;
            DoubleVector p3 = p0;
            for (int j = 0; j < hidden; j += 2) {
                DoubleVector zj = DoubleVector.broadcast(SPECIES, z[j]);
                DoubleVector zk = DoubleVector.broadcast(SPECIES, z[j + 1]);
                int c = j * d + i;
                int e = c + d;
                o0 = DoubleVector.fromArray(SPECIES, w2, c).fma(zj, o0);
                o1 = DoubleVector.fromArray(SPECIES, w2, c + lanes).fma(zj, o1);
                o2 = DoubleVector.fromArray(SPECIES, w2, c + 2 * lanes).fma(zj, o2);
                o3 = DoubleVector.fromArray(SPECIES, w2, c + 3 * lanes).fma(zj, o3);
                p0 = DoubleVector.fromArray(SPECIES, w2, e).fma(zk, p0);
                p1 = DoubleVector.fromArray(SPECIES, w2, e + lanes).fma(zk, p1);
                p2 = DoubleVector.fromArray(SPECIES, w2, e + 2 * lanes).fma(zk, p2);
                p3 = DoubleVector.fromArray(SPECIES, w2, e + 3 * lanes).fma(zk, p3);
            }
            o0.add(p0).intoArray(dydt, i);
            o1.add(p1).intoArray(dydt, i + lanes);
            o2.add(p2).intoArray(dydt, i + 2 * lanes);
            o3.add(p3).intoArray(dydt, i + 3 * lanes);
        }
    }

    /** The same field in plain loops. */
    public void evaluateScalar(double[] y, double[] dydt) {
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
