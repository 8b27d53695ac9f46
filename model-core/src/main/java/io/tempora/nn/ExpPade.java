package io.tempora.nn;

/**
 * The constants of {@code e^u} as {@link Tanh} and {@link Softplus} compute it, shared with the vector
 * kernel ({@code VectorFieldKernel}), which repeats their operations a register at a time:
 * <pre>
 *   u = k·ln2 + r,  |r| ≤ ln2/2,   e^u = 2^k · (E + rO)/(E − rO)
 * </pre>
 * {@code (E + rO)/(E − rO)} is the [6/6] Padé approximant of {@code e^r}, {@code E} and {@code O} even
 * polynomials in {@code r}, with error below 1e-16 on that interval. {@code k} comes from the
 * 1.5·2⁵² shifter: the sum {@code u·log₂e + SHIFTER} holds {@code k} in its low mantissa bits, which
 * shifted left by 52 and added to the exponent bias give the bits of {@code 2^k} (valid for
 * {@code −1022 ≤ k ≤ 1023}) without a float-to-integer conversion (AVX2 has none for doubles).
 * {@code r} takes {@code ln2} in two parts (Cody and Waite), so {@code k·LN2_HI} is exact.
 *
 * <p>Why Padé: a Taylor polynomial for {@code e^r} to double precision needs degree 12, a dependency
 * chain twice as long; the chain, not the operation count, decides the vector kernel's speed.
 */
final class ExpPade {

    static final double LOG2E = 1.4426950408889634;
    static final double SHIFTER = 0x1.8p52;
    /** ln2 to 32 significant bits (so {@code k·LN2_HI} is exact for |k| < 2²¹), and the rest. */
    static final double LN2_HI = 0.6931471803691238;

    static final double LN2_LO = 1.9082149292705877e-10;
    static final long EXPONENT_BIAS = 1023L << 52;
    /** Even part of {@code P(r) = Σ c_j r^j}, {@code c_j = (12−j)! 6! / (12! j! (6−j)!)}. */
    static final double E2 = 0.11363636363636363;

    static final double E4 = 0.0012626262626262627;
    static final double E6 = 1.503126503126503e-06;
    /** Odd part divided by r: {@code c_1, c_3, c_5}. */
    static final double O1 = 0.5;

    static final double O3 = 0.015151515151515152;
    static final double O5 = 6.313131313131313e-05;

    private ExpPade() {}

    /** {@code u·log₂e + SHIFTER}: holds {@code k = round(u/ln2)} in its low mantissa bits. */
    static double shifted(double u) {
        return u * LOG2E + SHIFTER;
    }

    /** {@code r = u − k·ln2} for the {@code k} in {@code shifted}. */
    static double reduced(double u, double shifted) {
        double k = shifted - SHIFTER;
        return u - k * LN2_HI - k * LN2_LO;
    }

    /** {@code 2^k} for the {@code k} in {@code shifted}, −1022 ≤ k ≤ 1023. */
    static double scale(double shifted) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) << 52) + EXPONENT_BIAS);
    }

    /** {@code E} at {@code w = r²}. */
    static double even(double w) {
        return ((w * E6 + E4) * w + E2) * w + 1.0;
    }

    /** {@code rO} at {@code w = r²}. */
    static double odd(double w, double r) {
        return ((w * O5 + O3) * w + O1) * r;
    }
}
