package io.tempora.bench.solver;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code tanh} on whole vectors of doubles, within a few ulps of {@link Math#tanh}. The Vector API's
 * own {@code lanewise(TANH)} is not intrinsified on this JDK/CPU (it falls back to {@code Math.tanh}
 * lane by lane, slower than the scalar loop), so it is built from operations AVX2 has, the same way as
 * model-core's {@code io.tempora.nn.Tanh} (whose class comment has the derivation): {@code t = 2x =
 * k·ln2 + r}, {@code k} rounded by the 1.5·2⁵² shifter (its low mantissa bits are then {@code k}, no
 * float-to-long conversion needed), {@code e^r} by its [6/6] Padé approximant {@code (E + rO)/(E − rO)}
 * and {@code tanh x = ((s − 1)E + (s + 1)rO) / ((s + 1)E + (s − 1)rO)} with {@code s = 2^k} assembled in
 * the exponent field: one division and a dependency chain about 17 operations deep (a degree-12 Taylor
 * exp and a second division took twice as long per register).
 */
public final class VectorMath {

    public static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238; // ln2 rounded to 32 significant bits
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double SHIFTER = 0x1.8p52;
    // [6/6] Padé approximant of e^r: P(r) = Σ c_j r^j, c_j = (12−j)! 6! / (12! j! (6−j)!).
    private static final double E2 = 0.11363636363636363;
    private static final double E4 = 0.0012626262626262627;
    private static final double E6 = 1.503126503126503e-06;
    private static final double O1 = 0.5;
    private static final double O3 = 0.015151515151515152;
    private static final double O5 = 6.313131313131313e-05;

    private VectorMath() {}

    /**
     * {@code z[j] = tanh(z[j])} for {@code from <= j < from + n}, n a multiple of the vector length: relative error
     * below 1e-15; exactly ±1 beyond |x| = 20. Arrays in and out, registers only inside: a method that
     * takes or returns a vector and is not inlined (C2 does not inline a callee already compiled larger
     * than its limit) gets the vector boxed, and the Vector API then runs its Java fallback lane by lane.
     */
    public static void tanhInPlace(double[] z, int from, int n) {
        int lanes = SPECIES.length();
        for (int j = from; j < from + n; j += lanes) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, z, j);
            // Clamped by compare-and-blend: max/min carry Math.max's NaN and −0.0 rules, five instructions each.
            DoubleVector t = x.add(x);
            t = t.blend(40, t.compare(VectorOperators.GT, 40)).blend(-40, t.compare(VectorOperators.LT, -40));
            DoubleVector kd = t.fma(DoubleVector.broadcast(SPECIES, LOG2E), DoubleVector.broadcast(SPECIES, SHIFTER));
            DoubleVector k = kd.sub(SHIFTER);
            DoubleVector r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_HI), t);
            r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_LO), r);
            // The shifter's low bits hold k (two's complement in the low 51 bits): shifting left by 52
            // drops the shifter's own bits and leaves k in the exponent field.
            DoubleVector s = kd.reinterpretAsLongs()
                    .lanewise(VectorOperators.LSHL, 52)
                    .add(1023L << 52)
                    .reinterpretAsDoubles();
            DoubleVector w = r.mul(r);
            DoubleVector e = w.fma(E6, E4)
                    .fma(w, DoubleVector.broadcast(SPECIES, E2))
                    .fma(w, DoubleVector.broadcast(SPECIES, 1));
            DoubleVector ro =
                    w.fma(O5, O3).fma(w, DoubleVector.broadcast(SPECIES, O1)).mul(r);
            DoubleVector sm = s.sub(1);
            DoubleVector sp = s.add(1);
            sm.fma(e, sp.mul(ro)).div(sp.fma(e, sm.mul(ro))).intoArray(z, j);
        }
    }
}
