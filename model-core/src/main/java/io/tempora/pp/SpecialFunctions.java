package io.tempora.pp;

/**
 * The special functions the gap distributions need, to about 1e-14 relative accuracy.
 *
 * <pre>
 *   logGamma: Lanczos approximation (g = 7, 9 terms), reflection below 1/2
 *   P(a, x) = gamma(a, x) / Gamma(a): series for x &lt; a + 1, else 1 - Q
 *   Q(a, x) = Gamma(a, x) / Gamma(a): Lentz continued fraction for x &gt;= a + 1
 *     (Press et al., Numerical Recipes, 3rd ed., section 6.2)
 *   erfc(x) = Q(1/2, x^2) for x &gt;= 0
 * </pre>
 */
public final class SpecialFunctions {

    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double EPS = 1e-16;
    private static final int MAX_ITERATIONS = 100_000;

    private SpecialFunctions() {}

    /** {@code ln Gamma(x)} for {@code x > 0}. */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Regularised lower incomplete gamma {@code P(a, x)}, {@code a > 0}, {@code x >= 0}. */
    public static double regularizedGammaP(double a, double x) {
        check(a, x);
        if (x == 0) {
            return 0;
        }
        return x < a + 1 ? Math.exp(logSeries(a, x)) : 1 - Math.exp(logContinuedFraction(a, x));
    }

    /** Regularised upper incomplete gamma {@code Q(a, x) = 1 - P(a, x)}. */
    public static double regularizedGammaQ(double a, double x) {
        return Math.exp(logRegularizedGammaQ(a, x));
    }

    /** {@code ln Q(a, x)}, accurate also where {@code Q} underflows. */
    public static double logRegularizedGammaQ(double a, double x) {
        check(a, x);
        if (x == 0) {
            return 0;
        }
        return x < a + 1 ? Math.log1p(-Math.exp(logSeries(a, x))) : logContinuedFraction(a, x);
    }

    /** Complementary error function. */
    public static double erfc(double x) {
        double q = x == 0 ? 1 : regularizedGammaQ(0.5, x * x);
        return x >= 0 ? q : 2 - q;
    }

    /** {@code ln(1 - Phi(z))}, the log survival function of the standard normal. */
    public static double logNormalSurvival(double z) {
        double half = 0.5 * z * z;
        if (z >= 0) {
            return Math.log(0.5) + logRegularizedGammaQ(0.5, half);
        }
        return Math.log1p(-0.5 * regularizedGammaQ(0.5, half));
    }

    private static void check(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("incomplete gamma needs a > 0 and x >= 0, got a=" + a + ", x=" + x);
        }
    }

    /** ln P(a, x) by the series x^a e^-x / Gamma(a+1) * sum x^n / ((a+1)...(a+n)). */
    private static double logSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS) {
                return Math.log(sum) - x + a * Math.log(x) - logGamma(a);
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /** ln Q(a, x) by the modified Lentz continued fraction. */
    private static double logContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                return Math.log(h) - x + a * Math.log(x) - logGamma(a);
            }
        }
        throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
    }
}
