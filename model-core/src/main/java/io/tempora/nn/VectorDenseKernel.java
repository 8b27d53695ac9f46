package io.tempora.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernel} on the incubating Vector API ({@code jdk.incubator.vector}, needs
 * {@code --add-modules jdk.incubator.vector}): the weights are repacked transposed, column {@code i}
 * of {@code W} contiguous and padded to a whole number of SIMD registers, so one register carries
 * {@code L} outputs (4 doubles on AVX2) and
 * <pre>
 *   acc[o..o+L) ← acc[o..o+L) + W[o..o+L)[i] · x[i],   i = 0, 1, …, in−1
 * </pre>
 * is, lane by lane, exactly the left-to-right sum of the contract (a multiply, then an add: no fused
 * multiply-add, which would round once instead of twice). Four registers are carried per pass over
 * {@code x}. Padding rows have zero weights and are never copied out.
 *
 * <p>Why: C2 does not vectorise the scalar kernel's dot products (Java may not reassociate the sums);
 * transposed, the same sums are independent across outputs and map onto whole registers.
 */
final class VectorDenseKernel implements DenseKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final int in;
    private final int rows;
    private final int stride;
    private final double[] wt;
    private final double[] bias;
    private final double[] buf;

    VectorDenseKernel(int in, int rows) {
        DenseKernels.requireShape(in, rows);
        this.in = in;
        this.rows = rows;
        this.stride = (rows + L - 1) / L * L;
        this.wt = new double[in * stride];
        this.bias = new double[stride];
        this.buf = new double[stride];
    }

    @Override
    public void pack(double[] theta, int weight, int b) {
        for (int o = 0; o < rows; o++) {
            bias[o] = theta[b + o];
            for (int i = 0; i < in; i++) {
                wt[i * stride + o] = theta[weight + o * in + i];
            }
        }
    }

    @Override
    public int in() {
        return in;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void apply(double[] x, double[] out) {
        copyRows(affineInto(x, out), out);
    }

    /**
     * {@code b + W x} into {@code out} when its rows fill whole registers, else into the padded scratch
     * row (a register written past {@code out}'s end would overrun it); returns which.
     */
    private double[] affineInto(double[] x, double[] out) {
        double[] dst = stride == rows ? out : buf;
        affine(x, dst);
        return dst;
    }

    /** The real rows of {@code dst} into {@code out} when {@code dst} is the scratch row. */
    private void copyRows(double[] dst, double[] out) {
        if (dst != out) {
            System.arraycopy(dst, 0, out, 0, rows);
        }
    }

    /**
     * {@link Tanh#tanh} a register at a time, with the same operations in the same order (bit-identical
     * lane by lane; branch-free, so every register takes the same path). Written out in the loop rather
     * than called: a register passed to a method C2 does not inline (a method already compiled larger
     * than its inlining limit) is boxed, and the Vector API then falls back to Java lane by lane.
     */
    @Override
    public void applyTanh(double[] x, double[] out) {
        double[] dst = affineInto(x, out);
        for (int o = 0; o < stride; o += L) {
            DoubleVector t = DoubleVector.fromArray(S, dst, o);
            t = t.add(t);
            t = t.blend(Tanh.CLAMP, t.compare(VectorOperators.GT, Tanh.CLAMP))
                    .blend(-Tanh.CLAMP, t.compare(VectorOperators.LT, -Tanh.CLAMP));
            DoubleVector kd = t.mul(ExpPade.LOG2E).add(ExpPade.SHIFTER);
            DoubleVector k = kd.sub(ExpPade.SHIFTER);
            DoubleVector r = t.sub(k.mul(ExpPade.LN2_HI)).sub(k.mul(ExpPade.LN2_LO));
            DoubleVector s = kd.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).add(ExpPade.EXPONENT_BIAS)
                    .reinterpretAsDoubles();
            DoubleVector w = r.mul(r);
            DoubleVector e = w.mul(ExpPade.E6).add(ExpPade.E4).mul(w).add(ExpPade.E2).mul(w).add(1.0);
            DoubleVector ro = w.mul(ExpPade.O5).add(ExpPade.O3).mul(w).add(ExpPade.O1).mul(r);
            DoubleVector sm = s.sub(1.0);
            DoubleVector sp = s.add(1.0);
            sm.mul(e).add(sp.mul(ro)).div(sp.mul(e).add(sm.mul(ro))).intoArray(dst, o);
        }
        copyRows(dst, out);
    }

    /**
     * {@link Softplus#softplus} a register at a time, with the same operations in the same order
     * (bit-identical lane by lane). A register with a lane beyond {@link Softplus#TAIL} (far outside a
     * trained model's range) goes through the scalar function lane by lane. Written out in the loop for
     * the reason given at {@link #applyTanh}.
     */
    @Override
    public void applySoftplus(double[] x, double[] out) {
        double[] dst = affineInto(x, out);
        for (int o = 0; o < stride; o += L) {
            DoubleVector z = DoubleVector.fromArray(S, dst, o);
            DoubleVector a = z.abs();
            if (a.compare(VectorOperators.GT, Softplus.TAIL).anyTrue()) {
                for (int j = o; j < o + L; j++) {
                    dst[j] = Softplus.softplus(dst[j]);
                }
                continue;
            }
            DoubleVector u = a.neg();
            DoubleVector kd = u.mul(ExpPade.LOG2E).add(ExpPade.SHIFTER);
            DoubleVector k = kd.sub(ExpPade.SHIFTER);
            DoubleVector r = u.sub(k.mul(ExpPade.LN2_HI)).sub(k.mul(ExpPade.LN2_LO));
            DoubleVector s = kd.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).add(ExpPade.EXPONENT_BIAS)
                    .reinterpretAsDoubles();
            DoubleVector w = r.mul(r);
            DoubleVector e = w.mul(ExpPade.E6).add(ExpPade.E4).mul(w).add(ExpPade.E2).mul(w).add(1.0);
            DoubleVector ro = w.mul(ExpPade.O5).add(ExpPade.O3).mul(w).add(ExpPade.O1).mul(r);
            DoubleVector v = s.mul(e.add(ro)).div(e.sub(ro));
            VectorMask<Double> big = v.compare(VectorOperators.GT, Softplus.SQRT2_MINUS_1);
            DoubleVector f = v.blend(v.sub(1.0).mul(0.5), big);
            DoubleVector q = f.div(f.add(2.0));
            DoubleVector q2 = q.mul(q);
            DoubleVector q4 = q2.mul(q2);
            DoubleVector q8 = q4.mul(q4);
            DoubleVector q16 = q8.mul(q8);
            DoubleVector p03 = q2.mul(Softplus.A3).add(Softplus.A2).mul(q4).add(q2.mul(Softplus.A1).add(Softplus.A0));
            DoubleVector p47 = q2.mul(Softplus.A7).add(Softplus.A6).mul(q4).add(q2.mul(Softplus.A5).add(Softplus.A4));
            DoubleVector p810 = q4.mul(Softplus.A10).add(q2.mul(Softplus.A9).add(Softplus.A8));
            DoubleVector l = q.add(q).mul(p810.mul(q16).add(p47.mul(q8).add(p03)));
            l = l.blend(l.add(ExpPade.LN2_LO).add(ExpPade.LN2_HI), big);
            z.blend(0.0, z.compare(VectorOperators.LT, 0.0)).add(l).intoArray(dst, o);
        }
        copyRows(dst, out);
    }

    private void affine(double[] x, double[] dst) {
        double[] wt = this.wt;
        int in = this.in;
        int stride = this.stride;
        int o = 0;
        for (; o + 4 * L <= stride; o += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            DoubleVector a1 = DoubleVector.fromArray(S, bias, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, bias, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, bias, o + 3 * L);
            for (int i = 0, c = o; i < in; i++, c += stride) {
                DoubleVector xi = DoubleVector.broadcast(S, x[i]);
                a0 = a0.add(DoubleVector.fromArray(S, wt, c).mul(xi));
                a1 = a1.add(DoubleVector.fromArray(S, wt, c + L).mul(xi));
                a2 = a2.add(DoubleVector.fromArray(S, wt, c + 2 * L).mul(xi));
                a3 = a3.add(DoubleVector.fromArray(S, wt, c + 3 * L).mul(xi));
            }
            a0.intoArray(dst, o);
            a1.intoArray(dst, o + L);
            a2.intoArray(dst, o + 2 * L);
            a3.intoArray(dst, o + 3 * L);
        }
        for (; o < stride; o += L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            for (int i = 0, c = o; i < in; i++, c += stride) {
                a0 = a0.add(DoubleVector.fromArray(S, wt, c).mul(DoubleVector.broadcast(S, x[i])));
            }
            a0.intoArray(dst, o);
        }
    }
}
