package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Central-difference gradients of scalar functions, for checking VJPs. */
final class FiniteDifferences {

    /** Step: balances truncation (~h^2) against rounding (~1e-16/h) for O(1) inputs. */
    static final double H = 1e-6;

    private FiniteDifferences() {}

    /** A scalar function of a vector it may read but must not keep. */
    interface Scalar {
        double value(double[] point);
    }

    /** {@code dF/dp_i ~ (F(p + h e_i) - F(p - h e_i)) / 2h} for every {@code i}; restores {@code p}. */
    static double[] gradient(Scalar f, double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + H;
            double up = f.value(p);
            p[i] = keep - H;
            double down = f.value(p);
            p[i] = keep;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** {@code <a, b>}. */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] random(SplittableRandom rng, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-scale, scale);
        }
        return x;
    }

    /** Asserts {@code |actual - expected| <= tol (1 + |expected|)} componentwise. */
    static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertThat(err)
                    .as("%s[%d]: got %s, expected %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(tol * (1 + Math.abs(expected[i])));
        }
    }

    /** A new array from {@code init}. */
    static double[] with(int n, Consumer<double[]> init) {
        double[] a = new double[n];
        init.accept(a);
        return a;
    }
}
