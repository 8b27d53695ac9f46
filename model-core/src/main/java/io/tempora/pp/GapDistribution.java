package io.tempora.pp;

import java.util.random.RandomGenerator;

/** A distribution of positive inter-event gaps for a renewal process. */
public interface GapDistribution {

    /** Draws a gap {@code > 0}. */
    double sample(RandomGenerator rng);

    /** {@code log f(x)} for {@code x > 0}. */
    double logDensity(double x);

    /** {@code log S(x) = log P(gap > x)} for {@code x >= 0}; 0 at {@code x = 0}. */
    double logSurvival(double x);

    /** The hazard {@code f(x) / S(x)}: the renewal process's intensity a time {@code x} after its last event. */
    default double hazard(double x) {
        return Math.exp(logDensity(x) - logSurvival(x));
    }

    /** Mean gap. */
    double mean();

    /** Variance of the gap. */
    double variance();
}
