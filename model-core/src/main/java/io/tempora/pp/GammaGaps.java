package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * Gamma-distributed gaps with density {@code f(x) = rate^shape x^{shape-1} e^{-rate x} / Gamma(shape)};
 * mean {@code shape / rate}, variance {@code shape / rate^2}; survival {@code Q(shape, rate x)}.
 *
 * <p>Sampling by Marsaglia &amp; Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
 * 26(3): for {@code a >= 1}, with {@code d = a - 1/3}, {@code c = 1 / sqrt(9d)}, draw {@code z ~ N(0,1)},
 * {@code v = (1 + c z)^3}, {@code u ~ U(0,1)} and accept {@code d v} when {@code v > 0} and
 * {@code log u < z^2/2 + d - d v + d log v} (with the squeeze {@code u < 1 - 0.0331 z^4} first); for
 * {@code a < 1}, {@code Gamma(a) = Gamma(a + 1) U^{1/a}}.
 *
 * @param shape {@code > 0}
 * @param rate  {@code > 0} (inverse scale)
 */
public record GammaGaps(double shape, double rate) implements GapDistribution {

    public GammaGaps {
        Checks.positive("shape", shape);
        Checks.positive("rate", rate);
    }

    /** Gamma gaps with the given shape and mean (rate = shape / mean). */
    public static GammaGaps withShapeAndMean(double shape, double mean) {
        return new GammaGaps(shape, shape / Checks.positive("mean", mean));
    }

    /** A standard gamma variate ({@code rate = 1}) by Marsaglia–Tsang. */
    public static double sampleStandard(double shape, RandomGenerator rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return sampleStandard(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z;
            double v;
            do {
                z = rng.nextGaussian();
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            double z2 = z * z;
            if (u < 1 - 0.0331 * z2 * z2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    @Override
    public double sample(RandomGenerator rng) {
        double x;
        do {
            x = sampleStandard(shape, rng) / rate;
        } while (x <= 0); // for tiny shapes u^(1/a) can underflow to 0; gaps must be positive
        return x;
    }

    @Override
    public double logDensity(double x) {
        if (!(x > 0)) {
            return x == 0 && shape == 1 ? Math.log(rate) : Double.NEGATIVE_INFINITY;
        }
        return shape * Math.log(rate) + (shape - 1) * Math.log(x) - rate * x - SpecialFunctions.logGamma(shape);
    }

    @Override
    public double logSurvival(double x) {
        return x <= 0 ? 0 : SpecialFunctions.logRegularizedGammaQ(shape, rate * x);
    }

    @Override
    public double mean() {
        return shape / rate;
    }

    @Override
    public double variance() {
        return shape / (rate * rate);
    }
}
