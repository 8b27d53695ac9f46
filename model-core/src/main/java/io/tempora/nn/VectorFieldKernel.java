package io.tempora.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FieldKernel} on the incubating Vector API ({@code jdk.incubator.vector}, needs
 * {@code --add-modules jdk.incubator.vector}). Every weight matrix is repacked transposed and padded to
 * whole SIMD registers, in the order its passes read it ({@link VectorAffine#pack}), so one register carries
 * {@code L} outputs (4 doubles on AVX2) and {@code acc ← W[o..o+L)[i] · x[i] + acc} is one fused
 * multiply-add from consecutive memory.
 *
 * <p>Why it looks like this (the measurements behind it are in {@code docs/decisions.md}):
 * <ul>
 *   <li>The layers are in one method. Registers passed to a method C2 does not inline are boxed and the
 *       Vector API falls back to Java lane by lane; and separately compiled layers cannot overlap.
 *       Only whole arrays cross a call: the hidden units' tanh is {@link VectorTanh} in place, shared with
 *       the jump kernel at no cost to either.</li>
 *   <li>The output layer sums even and odd hidden units into separate accumulators: two dependency
 *       chains of {@code H/2} multiply-adds per register instead of one of {@code H}.</li>
 *   <li>The intensities' softplus (a long dependency chain that nothing in {@code f} waits for) comes
 *       last, so the processor runs it alongside whatever the caller does next (the solver's next stage
 *       needs {@code f} first).</li>
 *   <li>tanh and softplus are {@link Tanh#tanh} and {@link Softplus#softplus}'s formulas a register at
 *       a time (branch-free; the same accuracy, up to the multiply-adds' different rounding).</li>
 * </ul>
 */
final class VectorFieldKernel implements FieldKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final int d;
    private final int hidden;
    private final int k;
    /** Padded lengths: hidden units, outputs, heads. */
    private final int sh;

    private final int sd;
    private final int sk;
    private final double[] w1t;
    private final double[] b1;
    private final double[] w2t;
    private final double[] b2;
    private final double[] wlt;
    private final double[] bl;
    private final double[] gamma;
    private final double[] a;
    private final double[] out;
    private final double[] z;
    private final double[] xpad;

    VectorFieldKernel(int d, int hidden, int k) {
        FieldKernels.requireShape(d, hidden, k);
        this.d = d;
        this.hidden = hidden;
        this.k = k;
        this.sh = VectorAffine.pad(hidden);
        this.sd = VectorAffine.pad(d);
        this.sk = VectorAffine.pad(k);
        this.w1t = new double[d * sh];
        this.b1 = new double[sh];
        this.w2t = new double[hidden * sd];
        this.b2 = new double[sd];
        this.wlt = new double[d * sk];
        this.bl = new double[sk];
        this.gamma = new double[sd];
        this.a = new double[sh];
        this.out = new double[sd];
        this.z = new double[sk];
        this.xpad = new double[sd];
    }

    @Override
    public void pack(double[] theta, int w1, int b1, int w2, int b2, int wl, int bl, double[] gamma) {
        VectorAffine.pack(theta, w1, b1, hidden, d, sh, w1t, this.b1);
        VectorAffine.pack(theta, w2, b2, d, hidden, sd, w2t, this.b2);
        VectorAffine.pack(theta, wl, bl, k, d, sk, wlt, this.bl);
        System.arraycopy(gamma, 0, this.gamma, 0, d);
    }

    /** {@code x[0, D)} in a row padded to whole registers (zeros beyond D), for a D that does not fill them. */
    private double[] padded(double[] x) {
        System.arraycopy(x, 0, xpad, 0, d);
        return xpad;
    }

    @Override
    public void evaluate(double[] x, double[] dxdt, double[] lambda) {
        final int d = this.d;
        final int sh = this.sh;
        final int sd = this.sd;
        final double[] w1t = this.w1t;
        final double[] w2t = this.w2t;
        final double[] a = this.a;
        final double[] xp = sd == d ? x : padded(x);
        // Hidden pre-activations, four registers per pass over x (padding units stay tanh(0) = 0): the loops of
        // VectorAffine.apply written out here, where calling it costs more than inlining them
        // (docs/decisions.md).
        int o = 0;
        for (; o + 4 * L <= sh; o += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b1, o);
            DoubleVector a1 = DoubleVector.fromArray(S, b1, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, b1, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, b1, o + 3 * L);
            for (int i = 0, c = o * d; i < d; i++, c += 4 * L) {
                DoubleVector xi = DoubleVector.broadcast(S, x[i]);
                a0 = DoubleVector.fromArray(S, w1t, c).fma(xi, a0);
                a1 = DoubleVector.fromArray(S, w1t, c + L).fma(xi, a1);
                a2 = DoubleVector.fromArray(S, w1t, c + 2 * L).fma(xi, a2);
                a3 = DoubleVector.fromArray(S, w1t, c + 3 * L).fma(xi, a3);
            }
            a0.intoArray(a, o);
            a1.intoArray(a, o + L);
            a2.intoArray(a, o + 2 * L);
            a3.intoArray(a, o + 3 * L);
        }
        for (; o < sh; o += L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b1, o);
            for (int i = 0, c = o * d; i < d; i++, c += L) {
                a0 = DoubleVector.fromArray(S, w1t, c).fma(DoubleVector.broadcast(S, x[i]), a0);
            }
            a0.intoArray(a, o);
        }
        // The intensities' pre-activations (their softplus comes last, see the class comment): a head of
        // one register (K ≤ L, the usual case) inline; a wider one as VectorAffine lays it out.
        if (sk == L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bl, 0);
            for (int i = 0, c = 0; i < d; i++, c += L) {
                a0 = DoubleVector.fromArray(S, wlt, c).fma(DoubleVector.broadcast(S, x[i]), a0);
            }
            a0.intoArray(z, 0);
        } else {
            VectorAffine.apply(wlt, bl, x, d, sk, z);
        }
        VectorTanh.tanh(a, 0, sh);
        // Output layer: even and odd hidden units in separate accumulators (two shorter chains), then
        // the leak; straight into dxdt when D fills whole registers, else through the padded row.
        final double[] dst = sd == d ? dxdt : out;
        o = 0;
        for (; o + 4 * L <= sd; o += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b2, o);
            DoubleVector a1 = DoubleVector.fromArray(S, b2, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, b2, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, b2, o + 3 * L);
            DoubleVector c0 = DoubleVector.zero(S);
            DoubleVector c1 = c0;
            DoubleVector c2 = c0;
            DoubleVector c3 = c0;
            int i = 0;
            int c = o * hidden;
            for (; i + 1 < hidden; i += 2, c += 8 * L) {
                DoubleVector xi = DoubleVector.broadcast(S, a[i]);
                DoubleVector xj = DoubleVector.broadcast(S, a[i + 1]);
                a0 = DoubleVector.fromArray(S, w2t, c).fma(xi, a0);
                a1 = DoubleVector.fromArray(S, w2t, c + L).fma(xi, a1);
                a2 = DoubleVector.fromArray(S, w2t, c + 2 * L).fma(xi, a2);
                a3 = DoubleVector.fromArray(S, w2t, c + 3 * L).fma(xi, a3);
                c0 = DoubleVector.fromArray(S, w2t, c + 4 * L).fma(xj, c0);
                c1 = DoubleVector.fromArray(S, w2t, c + 5 * L).fma(xj, c1);
                c2 = DoubleVector.fromArray(S, w2t, c + 6 * L).fma(xj, c2);
                c3 = DoubleVector.fromArray(S, w2t, c + 7 * L).fma(xj, c3);
            }
            if (i < hidden) {
                DoubleVector xi = DoubleVector.broadcast(S, a[i]);
                a0 = DoubleVector.fromArray(S, w2t, c).fma(xi, a0);
                a1 = DoubleVector.fromArray(S, w2t, c + L).fma(xi, a1);
                a2 = DoubleVector.fromArray(S, w2t, c + 2 * L).fma(xi, a2);
                a3 = DoubleVector.fromArray(S, w2t, c + 3 * L).fma(xi, a3);
            }
            a0.add(c0)
                    .sub(DoubleVector.fromArray(S, gamma, o).mul(DoubleVector.fromArray(S, xp, o)))
                    .intoArray(dst, o);
            a1.add(c1)
                    .sub(DoubleVector.fromArray(S, gamma, o + L).mul(DoubleVector.fromArray(S, xp, o + L)))
                    .intoArray(dst, o + L);
            a2.add(c2)
                    .sub(DoubleVector.fromArray(S, gamma, o + 2 * L).mul(DoubleVector.fromArray(S, xp, o + 2 * L)))
                    .intoArray(dst, o + 2 * L);
            a3.add(c3)
                    .sub(DoubleVector.fromArray(S, gamma, o + 3 * L).mul(DoubleVector.fromArray(S, xp, o + 3 * L)))
                    .intoArray(dst, o + 3 * L);
        }
        for (; o < sd; o += L) {
            DoubleVector a0 = DoubleVector.fromArray(S, b2, o);
            DoubleVector c0 = DoubleVector.zero(S);
            int i = 0;
            int c = o * hidden;
            for (; i + 1 < hidden; i += 2, c += 2 * L) {
                a0 = DoubleVector.fromArray(S, w2t, c).fma(DoubleVector.broadcast(S, a[i]), a0);
                c0 = DoubleVector.fromArray(S, w2t, c + L).fma(DoubleVector.broadcast(S, a[i + 1]), c0);
            }
            if (i < hidden) {
                a0 = DoubleVector.fromArray(S, w2t, c).fma(DoubleVector.broadcast(S, a[i]), a0);
            }
            a0.add(c0)
                    .sub(DoubleVector.fromArray(S, gamma, o).mul(DoubleVector.fromArray(S, xp, o)))
                    .intoArray(dst, o);
        }
        if (dst != dxdt) {
            System.arraycopy(dst, 0, dxdt, 0, d);
        }
        softplus();
        System.arraycopy(z, 0, lambda, 0, k);
    }

    /** softplus z = max(z, 0) + log1p(e^{−|z|}), as Softplus.softplus; lanes beyond its tail go one by one. */
    private void softplus() {
        final double[] z = this.z;
        final DoubleVector LOG2E = DoubleVector.broadcast(S, ExpPade.LOG2E);
        final DoubleVector SHIFTER = DoubleVector.broadcast(S, ExpPade.SHIFTER);
        final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(S, -ExpPade.LN2_HI);
        final DoubleVector E2 = DoubleVector.broadcast(S, ExpPade.E2);
        final DoubleVector O1 = DoubleVector.broadcast(S, ExpPade.O1);
        final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
        int o;
        for (o = 0; o < sk; o += L) {
            DoubleVector zz = DoubleVector.fromArray(S, z, o);
            DoubleVector u = zz.abs().neg();
            if (u.compare(VectorOperators.LT, -Softplus.TAIL).anyTrue()) {
                for (int j = o; j < o + L; j++) {
                    z[j] = Softplus.softplus(z[j]);
                }
                continue;
            }
            DoubleVector kd = u.fma(LOG2E, SHIFTER);
            DoubleVector kk = kd.sub(ExpPade.SHIFTER);
            DoubleVector r = kk.fma(MINUS_LN2_HI, u).sub(kk.mul(ExpPade.LN2_LO));
            DoubleVector s = kd.reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52)
                    .add(ExpPade.EXPONENT_BIAS)
                    .reinterpretAsDoubles();
            DoubleVector w = r.mul(r);
            DoubleVector e = w.fma(ExpPade.E6, ExpPade.E4).fma(w, E2).fma(w, ONE);
            DoubleVector ro = w.fma(ExpPade.O5, ExpPade.O3).fma(w, O1).mul(r);
            DoubleVector v = s.mul(e.add(ro)).div(e.sub(ro));
            VectorMask<Double> big = v.compare(VectorOperators.GT, Softplus.SQRT2_MINUS_1);
            DoubleVector f = v.blend(v.sub(1.0).mul(0.5), big);
            DoubleVector q = f.div(f.add(2.0));
            DoubleVector q2 = q.mul(q);
            DoubleVector q4 = q2.mul(q2);
            DoubleVector q8 = q4.mul(q4);
            DoubleVector q16 = q8.mul(q8);
            DoubleVector p03 = q2.fma(Softplus.A3, Softplus.A2).fma(q4, q2.fma(Softplus.A1, Softplus.A0));
            DoubleVector p47 = q2.fma(Softplus.A7, Softplus.A6).fma(q4, q2.fma(Softplus.A5, Softplus.A4));
            DoubleVector p810 = q4.mul(Softplus.A10).add(q2.fma(Softplus.A9, Softplus.A8));
            DoubleVector l = q.add(q).mul(p810.fma(q16, p47.fma(q8, p03)));
            l = l.blend(l.add(ExpPade.LN2_LO).add(ExpPade.LN2_HI), big);
            zz.blend(0.0, zz.compare(VectorOperators.LT, 0.0)).add(l).intoArray(z, o);
        }
    }
}
