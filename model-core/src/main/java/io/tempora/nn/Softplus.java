package io.tempora.nn;

/**
 * {@code y = log(1 + e^x)}, {@code dy/dx = sigmoid(x)}, in the overflow-free form
 * <pre>
 *   softplus(x) = max(x, 0) + log1p(e^{−|x|})
 * </pre>
 * <p>The plain path computes it with the four basic operations only, so that the vector kernel
 * ({@code VectorFieldKernel}, the streaming model's intensities) repeats it a register at a time
 * ({@code Math.log1p} is a native call on Java 17): {@code v = e^{−|x|}} as in
 * {@link ExpPade}, then
 * <pre>
 *   log1p(v) = L(v)                    v ≤ √2 − 1
 *            = ln2 + L((v − 1)/2)      v &gt; √2 − 1       (so the argument of L is in [−0.293, 0.415])
 *   L(f) = log(1 + f) = 2 atanh(q) = 2q Σ_{n=0}^{10} q^{2n}/(2n + 1),   q = f/(2 + f),  q² ≤ 0.0295
 * </pre>
 * ({@code v − 1} is exact there; the series' remainder is below 2⁻⁵⁵, and the sum is evaluated by
 * Estrin's scheme, a shallower dependency chain than Horner's). Within 5 ulps of the exact value
 * (tested to 1e-15 relative; see {@code docs/decisions.md}). For {@code |x| > 708},
 * {@code 2^k} would leave the normal range: {@code softplus(x)} is then {@code x} for positive x and
 * {@code e^x} for negative (rounded, as the series would be), from {@code Math.exp}.
 */
public final class Softplus implements Activation {

    /** Beyond this |x| the closed-form ends take over (see the class comment). */
    static final double TAIL = 708;

    /** {@code √2 − 1}: above it {@code log1p(v)} is taken as {@code ln2 + L((v − 1)/2)}. */
    static final double SQRT2_MINUS_1 = 0.41421356237309503;
    /** {@code 1/(2n + 1)}, n = 0..10: the atanh series. */
    static final double A0 = 1.0;

    static final double A1 = 1.0 / 3;
    static final double A2 = 1.0 / 5;
    static final double A3 = 1.0 / 7;
    static final double A4 = 1.0 / 9;
    static final double A5 = 1.0 / 11;
    static final double A6 = 1.0 / 13;
    static final double A7 = 1.0 / 15;
    static final double A8 = 1.0 / 17;
    static final double A9 = 1.0 / 19;
    static final double A10 = 1.0 / 21;

    Softplus() {}

    /** Stable, accurate softplus for the plain path (see class doc). */
    public static double softplus(double x) {
        double a = Math.abs(x);
        if (a > TAIL) {
            return x < 0 ? Math.exp(x) : x;
        }
        double u = -a;
        double kd = ExpPade.shifted(u);
        double r = ExpPade.reduced(u, kd);
        double s = ExpPade.scale(kd);
        double w = r * r;
        double e = ExpPade.even(w);
        double ro = ExpPade.odd(w, r);
        double v = s * (e + ro) / (e - ro);
        boolean big = v > SQRT2_MINUS_1;
        double f = big ? (v - 1.0) * 0.5 : v;
        double q = f / (f + 2.0);
        double q2 = q * q;
        double q4 = q2 * q2;
        double q8 = q4 * q4;
        double q16 = q8 * q8;
        double p03 = (q2 * A3 + A2) * q4 + (q2 * A1 + A0);
        double p47 = (q2 * A7 + A6) * q4 + (q2 * A5 + A4);
        double p810 = q4 * A10 + (q2 * A9 + A8);
        double l = (q + q) * (p810 * q16 + (p47 * q8 + p03));
        l = big ? l + ExpPade.LN2_LO + ExpPade.LN2_HI : l;
        return (x < 0 ? 0 : x) + l;
    }

    @Override
    public double apply(double x) {
        return softplus(x);
    }

    @Override
    public double derivative(double x, double y) {
        return Sigmoid.sigmoid(x);
    }

    @Override
    public String toString() {
        return "softplus";
    }
}
