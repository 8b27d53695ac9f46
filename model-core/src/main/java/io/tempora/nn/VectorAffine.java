package io.tempora.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The affine maps of the Vector API kernels ({@link VectorFieldKernel}, {@link VectorJumpKernel}): the
 * weights' layout ({@link #pack}) and {@code y = W x + b} over it ({@link #apply}). Arrays in, arrays
 * out: no vector crosses these methods, so whether C2 inlines them or not nothing is boxed.
 */
final class VectorAffine {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private VectorAffine() {}

    /** {@code n} rounded up to whole registers. */
    static int pad(int n) {
        return (n + L - 1) / L * L;
    }

    /**
     * Row-major {@code rows × in} at {@code theta[w..]} into {@code wt} in the order {@link #apply} reads it:
     * the outputs in passes of four registers (then of one for what is left of the padded {@code stride}),
     * each pass a block of {@code in} rows of its width, so that output {@code o} of input {@code i} is at
     * {@code start·in + i·w + (o − start)} for its pass {@code [start, start + w)}; the bias into
     * {@code bias}. Why: inside a pass every load is the previous one plus a compile-time constant
     * ({@code w} is {@code L} or {@code 4L}), which C2 strength-reduces and range-checks once per loop; with
     * the padded row length as the stride (a field) it does neither ({@code docs/decisions.md}). Padding
     * stays zero.
     */
    static void pack(double[] theta, int w, int b, int rows, int in, int stride, double[] wt, double[] bias) {
        int width = 4 * L;
        int full = stride / width * width;
        for (int o = 0; o < rows; o++) {
            bias[o] = theta[b + o];
            int start = o < full ? o / width * width : o / L * L;
            int wdt = o < full ? width : L;
            for (int i = 0; i < in; i++) {
                wt[start * in + i * wdt + (o - start)] = theta[w + o * in + i];
            }
        }
    }

    /**
     * {@code y[0, outs) = W x + b} for {@link #pack}'s layout ({@code outs} the padded stride, a whole number
     * of registers), four registers per pass over {@code x[0, cols)}: one fused multiply-add per register
     * and input.
     */
    static void apply(double[] wt, double[] bias, double[] x, int cols, int outs, double[] y) {
        int o = 0;
        for (; o + 4 * L <= outs; o += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            DoubleVector a1 = DoubleVector.fromArray(S, bias, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, bias, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, bias, o + 3 * L);
            for (int i = 0, c = o * cols; i < cols; i++, c += 4 * L) {
                DoubleVector xi = DoubleVector.broadcast(S, x[i]);
                a0 = DoubleVector.fromArray(S, wt, c).fma(xi, a0);
                a1 = DoubleVector.fromArray(S, wt, c + L).fma(xi, a1);
                a2 = DoubleVector.fromArray(S, wt, c + 2 * L).fma(xi, a2);
                a3 = DoubleVector.fromArray(S, wt, c + 3 * L).fma(xi, a3);
            }
            a0.intoArray(y, o);
            a1.intoArray(y, o + L);
            a2.intoArray(y, o + 2 * L);
            a3.intoArray(y, o + 3 * L);
        }
        for (; o < outs; o += L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            for (int i = 0, c = o * cols; i < cols; i++, c += L) {
                a0 = DoubleVector.fromArray(S, wt, c).fma(DoubleVector.broadcast(S, x[i]), a0);
            }
            a0.intoArray(y, o);
        }
    }
}
