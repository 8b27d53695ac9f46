package io.tempora.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Tanh#tanh} a register at a time, in place over an array: {@code tanh x = (e^t − 1)/(e^t + 1)},
 * {@code t = 2x = k·ln2 + r}, {@code e^r} by {@link ExpPade}; branch-free, the scalar formula's accuracy up
 * to the multiply-adds' rounding. Arrays in, arrays out: no vector crosses the call, so whether C2 inlines
 * it or not nothing is boxed. Used by the field kernel's hidden layer and the jump kernel's gates.
 */
final class VectorTanh {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorTanh() {}

    /** {@code a[o] = tanh(a[o])} for {@code o} in {@code [from, to)}, a whole number of registers. */
    static void tanh(double[] a, int from, int to) {
        // Constants as registers made here: a static final vector is an object C2 reloads on every use.
        final DoubleVector LOG2E = DoubleVector.broadcast(S, ExpPade.LOG2E);
        final DoubleVector SHIFTER = DoubleVector.broadcast(S, ExpPade.SHIFTER);
        final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(S, -ExpPade.LN2_HI);
        final DoubleVector E2 = DoubleVector.broadcast(S, ExpPade.E2);
        final DoubleVector O1 = DoubleVector.broadcast(S, ExpPade.O1);
        final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
        for (int o = from; o < to; o += L) {
            DoubleVector t = DoubleVector.fromArray(S, a, o);
            t = t.add(t);
            t = t.blend(Tanh.CLAMP, t.compare(VectorOperators.GT, Tanh.CLAMP))
                    .blend(-Tanh.CLAMP, t.compare(VectorOperators.LT, -Tanh.CLAMP));
            DoubleVector kd = t.fma(LOG2E, SHIFTER);
            DoubleVector kk = kd.sub(ExpPade.SHIFTER);
            DoubleVector r = kk.fma(MINUS_LN2_HI, t).sub(kk.mul(ExpPade.LN2_LO));
            DoubleVector s = kd.reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52)
                    .add(ExpPade.EXPONENT_BIAS)
                    .reinterpretAsDoubles();
            DoubleVector w = r.mul(r);
            DoubleVector e = w.fma(ExpPade.E6, ExpPade.E4).fma(w, E2).fma(w, ONE);
            DoubleVector ro = w.fma(ExpPade.O5, ExpPade.O3).fma(w, O1).mul(r);
            DoubleVector sm = s.sub(1.0);
            DoubleVector sp = s.add(1.0);
            sm.fma(e, sp.mul(ro)).div(sp.fma(e, sm.mul(ro))).intoArray(a, o);
        }
    }
}
