package io.tempora.pp;

import java.util.function.DoubleUnaryOperator;

/**
 * A deterministic, non-negative rate {@code r(t)} on {@code [0, infinity)} with a finite global bound: the
 * intensity of a non-homogeneous Poisson process, or the clock of a time-rescaled renewal process.
 */
public interface RateFunction {

    /** {@code r(t) >= 0}. */
    double rate(double t);

    /** {@code integral_a^b r(s) ds} for {@code a <= b}; implementations give it in closed form where they can. */
    double integral(double a, double b);

    /** A bound {@code r(t) <= upperBound()} for all {@code t >= 0}, used for thinning. */
    double upperBound();

    /**
     * The {@code t >= from} with {@code integral(from, t) = amount}: the inverse of the integrated rate, by
     * Newton steps safeguarded by bisection, to a relative accuracy of 1e-12 in the integral (or until the
     * bracket is a few ulps wide).
     *
     * @throws ArithmeticException if the rate's integral never reaches {@code amount}
     */
    default double advance(double from, double amount) {
        if (amount <= 0) {
            return from;
        }
        double lo = from;
        double hi = from + amount / upperBound();
        // The integral grows at most at upperBound(), so hi starts below the root; grow it until bracketed.
        for (int i = 0; integral(from, hi) < amount; i++) {
            lo = hi;
            hi = from + 2 * (hi - from);
            if (i > 1100 || !Double.isFinite(hi)) {
                throw new ArithmeticException("the rate's integral from " + from + " never reaches " + amount);
            }
        }
        double t = 0.5 * (lo + hi);
        double tol = 1e-12 * Math.max(1, amount);
        for (int i = 0; i < 200; i++) {
            double g = integral(from, t) - amount;
            if (Math.abs(g) <= tol) {
                return t;
            }
            if (g > 0) {
                hi = t;
            } else {
                lo = t;
            }
            double r = rate(t);
            double next = r > 0 ? t - g / r : Double.NaN;
            t = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo <= 4 * Math.ulp(hi)) {
                return t;
            }
        }
        return t;
    }

    /**
     * A rate given as a function with a bound; its integral by adaptive Gauss–Kronrod quadrature to 1e-13
     * absolute. Prefer a class with a closed-form integral where one exists.
     */
    static RateFunction of(DoubleUnaryOperator rate, double upperBound) {
        Checks.positive("upperBound", upperBound);
        return new RateFunction() {
            @Override
            public double rate(double t) {
                return rate.applyAsDouble(t);
            }

            @Override
            public double integral(double a, double b) {
                return Quadrature.integrate(rate, a, b, 1e-13);
            }

            @Override
            public double upperBound() {
                return upperBound;
            }
        };
    }
}
