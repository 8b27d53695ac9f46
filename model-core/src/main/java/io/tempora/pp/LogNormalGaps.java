package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * Log-normal gaps: {@code log X ~ N(mu, sigma^2)}; mean {@code exp(mu + sigma^2/2)}, variance
 * {@code (exp(sigma^2) - 1) exp(2 mu + sigma^2)}.
 *
 * @param mu    mean of the log gap
 * @param sigma standard deviation of the log gap, {@code > 0}
 */
public record LogNormalGaps(double mu, double sigma) implements GapDistribution {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    public LogNormalGaps {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("mu must be finite, got " + mu);
        }
        Checks.positive("sigma", sigma);
    }

    /**
     * The log-normal with the given mean and standard deviation:
     * {@code sigma^2 = ln(1 + sd^2/mean^2)}, {@code mu = ln(mean) - sigma^2/2}. Mean 1 and sd 6 give Omi et al.'s
     * {@code sigma = sqrt(ln 37)}, {@code mu = -sigma^2/2}.
     */
    public static LogNormalGaps withMeanAndSd(double mean, double sd) {
        Checks.positive("mean", mean);
        Checks.positive("sd", sd);
        double s2 = Math.log1p(sd * sd / (mean * mean));
        return new LogNormalGaps(Math.log(mean) - 0.5 * s2, Math.sqrt(s2));
    }

    @Override
    public double sample(RandomGenerator rng) {
        return Math.exp(mu + sigma * rng.nextGaussian());
    }

    @Override
    public double logDensity(double x) {
        if (!(x > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double lx = Math.log(x);
        double z = (lx - mu) / sigma;
        return -0.5 * z * z - lx - Math.log(sigma) - HALF_LOG_2PI;
    }

    @Override
    public double logSurvival(double x) {
        return x <= 0 ? 0 : SpecialFunctions.logNormalSurvival((Math.log(x) - mu) / sigma);
    }

    @Override
    public double mean() {
        return Math.exp(mu + 0.5 * sigma * sigma);
    }

    @Override
    public double variance() {
        double s2 = sigma * sigma;
        return Math.expm1(s2) * Math.exp(2 * mu + s2);
    }
}
