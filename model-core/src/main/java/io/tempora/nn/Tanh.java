package io.tempora.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code y = tanh(x)}, {@code dy/dx = 1 - y^2}.
 *
 * <p>The plain path computes tanh through {@code e^{2x}} with one division and no branch, so that the
 * Vector API kernel ({@code VectorDenseKernel}) can run the very same operations a register at a time
 * and stay bit-identical to it ({@code Math.tanh} is a native call on Java 17 and six times slower;
 * design.md). With {@code t = 2x} clamped to {@code [−40, 40]} (beyond, tanh is ±1 in double),
 * {@code t = k·ln2 + r}, {@code |r| ≤ ln2/2}, and the [6/6] Padé approximant of {@code e^r},
 * {@code e^r ≈ (E + rO)/(E − rO)} with {@code E, O} even polynomials in {@code r}:
 * <pre>
 *   tanh x = (e^t − 1)/(e^t + 1) = ((s − 1)·E + (s + 1)·rO) / ((s + 1)·E + (s − 1)·rO),   s = 2^k
 * </pre>
 * {@code s − 1} and {@code s + 1} are exact, so nothing cancels: for {@code k = 0} (|x| below ~0.17)
 * the numerator is {@code 2rO}, relatively accurate down to the smallest x. The approximant's error
 * on {@code |r| ≤ ln2/2} is below 1e-16; measured against 40-digit tanh, the result is within
 * 4 ulps everywhere (tested to 1e-15 relative against {@code Math.tanh}).
 *
 * <p>Why Padé: a Taylor polynomial for {@code e^r} needs degree 12 and a second division; its
 * long dependency chain, not the operation count, made the vector kernel's tanh the slowest part of a
 * dynamics evaluation (about half of it). Here the chain is about 17 operations deep. The
 * reduction's {@code k} comes from the 1.5·2⁵² shifter: the sum's low mantissa bits are {@code k},
 * shifted into the exponent field to build {@code s} without a float-to-integer conversion (which
 * AVX2 does not have for doubles). {@code k}, {@code r} use Cody–Waite's two-part {@code ln2}.
 */
public final class Tanh implements Activation {

    // Package-private: VectorDenseKernel repeats these operations with these constants.
    static final double CLAMP = 40;
    static final double LOG2E = 1.4426950408889634;
    static final double SHIFTER = 0x1.8p52;
    /** ln2 to 32 significant bits (so {@code k·LN2_HI} is exact for the |k| ≤ 58 reached here) and the rest. */
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    static final long EXPONENT_BIAS = 1023L << 52;
    /** [6/6] Padé approximant of e^r, {@code P(r) = Σ c_j r^j}, {@code c_j = (12−j)! 6! / (12! j! (6−j)!)}: even part. */
    static final double E2 = 0.11363636363636363;
    static final double E4 = 0.0012626262626262627;
    static final double E6 = 1.503126503126503e-06;
    /** Odd part, divided by r: {@code c_1, c_3, c_5}. */
    static final double O1 = 0.5;
    static final double O3 = 0.015151515151515152;
    static final double O5 = 6.313131313131313e-05;

    Tanh() {
    }

    /** Fast, accurate tanh for the plain path (see class doc); bit-identical to the vector kernel's. */
    public static double tanh(double x) {
        double t = x + x;
        // Compare and select rather than Math.max/min (whose NaN and −0.0 rules cost the vector kernel
        // five instructions each); NaN passes through both.
        t = t > CLAMP ? CLAMP : t < -CLAMP ? -CLAMP : t;
        double kd = t * LOG2E + SHIFTER;
        double k = kd - SHIFTER;
        double r = t - k * LN2_HI - k * LN2_LO;
        double s = Double.longBitsToDouble((Double.doubleToRawLongBits(kd) << 52) + EXPONENT_BIAS);
        double w = r * r;
        double e = ((w * E6 + E4) * w + E2) * w + 1.0;
        double ro = ((w * O5 + O3) * w + O1) * r;
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
    public void forward(INDArray x, INDArray y, INDArray tmp) {
        y.assign(x);
        Transforms.tanh(y, false);
    }

    @Override
    public void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx) {
        gx.assign(y);
        gx.muli(y).rsubi(1.0).muli(gy);
    }

    @Override
    public String toString() {
        return "tanh";
    }
}
