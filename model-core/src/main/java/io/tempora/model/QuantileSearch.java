package io.tempora.model;

/**
 * Locates a quantile inside the prediction solve's step that crosses it: the step fraction θ where
 * {@code Λ(θ) = level}, on the step's dense output of Λ as a polynomial in θ
 * ({@link io.tempora.ode.DenseOutput#polynomial}). Λ is increasing, so the root is bracketed by the
 * step's ends; the search keeps the bracket and bisects. With Newton's method
 * ({@link ScorerOptions#newtonQuantiles()}, the optimisation) each trial is a Newton step on the
 * polynomial, bisecting only when it would leave the bracket: quadratic convergence, each trial 2m
 * multiply-adds. Without it, bisection alone. Allocates nothing.
 */
final class QuantileSearch {

    /** Trials at most; bisection reaches {@link #TOLERANCE} well within. */
    static final int MAX_TRIALS = 60;
    /** The search stops when a trial moves θ by at most this (θ is in [0, 1]). */
    static final double TOLERANCE = 1e-13;

    private final boolean newton;
    private int trials;

    QuantileSearch(boolean newton) {
        this.newton = newton;
    }

    /** Trials the last {@link #crossing} took. */
    int lastTrials() {
        return trials;
    }

    /**
     * θ in [0, 1] with {@code p(θ) = level}, {@code p} the polynomial {@code c[0] + c[1]θ + … + c[m]θ^m};
     * {@code ga < level <= gb} are Λ at the step's ends.
     */
    double crossing(double level, double[] c, int m, double ga, double gb) {
        trials = 0;
        if (gb - level == 0) {
            return 1;
        }
        double lo = 0;
        double hi = 1;
        double theta = newton ? (level - ga) / (gb - ga) : 0.5;
        while (trials < MAX_TRIALS) {
            trials++;
            double p = c[m];
            double dp = 0;
            for (int j = m - 1; j >= 0; j--) {
                dp = dp * theta + p;
                p = p * theta + c[j];
            }
            double g = p - level;
            if (g == 0) {
                return theta;
            }
            if (g < 0) {
                lo = theta;
            } else {
                hi = theta;
            }
            double next = newton ? theta - g / dp : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - theta) <= TOLERANCE) {
                return next;
            }
            theta = next;
        }
        return theta;
    }
}
