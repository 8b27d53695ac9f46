package io.tempora.pp;

import io.tempora.data.EventSequence;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;

/**
 * Independent reference computations for the tests: quadrature by Hipparchus, naive O(n) intensities written
 * from the definitions, and the Kolmogorov–Smirnov statistic.
 */
final class Reference {

    /** lambda_k(t | events of h strictly before t), written from a process's definition. */
    interface NaiveIntensity {
        double at(EventSequence h, int type, double t);
    }

    private Reference() {}

    static double integrate(DoubleUnaryOperator f, double a, double b) {
        if (b <= a) {
            return 0;
        }
        // x = a + (b - a) v^4 tames integrable singularities at the left end (a renewal hazard x^{shape-1} with
        // shape < 1 just after an event) and leaves smooth integrands smooth.
        double w = b - a;
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(7, 1e-12, 1e-14, 2, 60);
        return integrator.integrate(
                10_000_000,
                v -> {
                    double v3 = v * v * v;
                    return f.applyAsDouble(a + w * v3 * v) * 4 * w * v3;
                },
                0,
                1);
    }

    /**
     * log L on [0, horizon] = sum log lambda_{k_i}(t_i) - integral_0^horizon sum_k lambda_k, integrating the
     * naive intensity piecewise between events (where it is smooth).
     */
    static double logLikelihood(NaiveIntensity lambda, int numTypes, EventSequence h, double horizon) {
        double ll = 0;
        double prev = 0;
        for (int i = 0; i <= h.size(); i++) {
            double t = i < h.size() ? h.time(i) : horizon;
            ll -= integrate(s -> total(lambda, numTypes, h, s), prev, t);
            if (i < h.size()) {
                ll += Math.log(lambda.at(h, h.type(i), t));
            }
            prev = t;
        }
        return ll;
    }

    static double total(NaiveIntensity lambda, int numTypes, EventSequence h, double t) {
        double sum = 0;
        for (int k = 0; k < numTypes; k++) {
            sum += lambda.at(h, k, t);
        }
        return sum;
    }

    /** Number of events of h strictly before t. */
    static int countBefore(EventSequence h, double t) {
        int n = 0;
        while (n < h.size() && h.time(n) < t) {
            n++;
        }
        return n;
    }

    /** sup_x |F_n(x) - F(x)|. */
    static double ksStatistic(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return d;
    }

    /**
     * Critical value of sqrt(n) D at level 0.001 (Kolmogorov distribution): 1.949. Seeds are fixed, so a pass
     * is not luck that could turn; a wrong compensator or sampler gives sqrt(n) D of 5-50 at these sizes.
     */
    static final double KS_CRITICAL_0_001 = 1.949;

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    static double[] gaps(EventSequence s) {
        double[] g = new double[s.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = s.time(i) - (i == 0 ? 0 : s.time(i - 1));
        }
        return g;
    }
}
