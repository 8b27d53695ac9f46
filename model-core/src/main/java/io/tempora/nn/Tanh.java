package io.tempora.nn;

/**
 * {@code y = tanh(x)}, {@code dy/dx = 1 - y^2}.
 *
 * <p>The plain path computes tanh through {@code e^{2x}} ({@link ExpPade}) with one division and no
 * branch, so that the Vector API kernel ({@code VectorFieldKernel}) runs the same operations a
 * register at a time ({@code Math.tanh} is a native call on Java 17, and slower than this form:
 * {@code docs/decisions.md}). With {@code t = 2x} clamped to {@code [−40, 40]} (beyond, tanh is ±1
 * in double), {@code t = k·ln2 + r} and {@code e^r ≈ (E + rO)/(E − rO)}:
 * <pre>
 *   tanh x = (e^t − 1)/(e^t + 1) = ((s − 1)·E + (s + 1)·rO) / ((s + 1)·E + (s − 1)·rO),   s = 2^k
 * </pre>
 * {@code s − 1} and {@code s + 1} are exact, so nothing cancels: for {@code k = 0} (|x| below ~0.17)
 * the numerator is {@code 2rO}, relatively accurate down to the smallest x. The result is within
 * 4 ulps of the exact tanh everywhere (tested to 1e-15 relative against {@code Math.tanh}).
 *
 * <p>Why one formula: it is one path for every lane, about 17 operations deep, with no branch on |x|:
 * with a branch, a register with lanes on both sides of it would take the slow path lane by lane (see
 * {@code docs/decisions.md}).
 */
public final class Tanh implements Activation {

    /** Beyond this |2x|, tanh is ±1 in double: {@code t = 2x} is clamped to {@code [−CLAMP, CLAMP]}. */
    static final double CLAMP = 40;

    Tanh() {}

    /** Fast, accurate tanh for the plain path (see class doc). */
    public static double tanh(double x) {
        double t = x + x;
        // Compare and select rather than Math.max/min (whose NaN and −0.0 rules cost the vector kernel
        // five instructions each); NaN passes through both.
        t = t > CLAMP ? CLAMP : t < -CLAMP ? -CLAMP : t;
        double kd = ExpPade.shifted(t);
        double r = ExpPade.reduced(t, kd);
        double s = ExpPade.scale(kd);
        double w = r * r;
        double e = ExpPade.even(w);
        double ro = ExpPade.odd(w, r);
        double sm = s - 1.0;
        double sp = s + 1.0;
        return (sm * e + sp * ro) / (sp * e + sm * ro);
    }

    @Override
    public double apply(double x) {
        return tanh(x);
    }

    @Override
    public double derivative(double x, double y) {
        return 1.0 - y * y;
    }

    @Override
    public String toString() {
        return "tanh";
    }
}
