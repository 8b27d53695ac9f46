package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * A point process filtered through the events observed so far: its conditional intensity for times after
 * the last observed event, assuming no further event occurs in between.
 *
 * <p>Created by {@link PointProcess#start()} at time 0 with an empty history, then fed events in time order
 * with {@link #observe(double, int)}, in O(1) amortised time per event for every process in this package.
 * Mutable and not thread-safe; {@link #copy()} forks it (e.g. to look ahead without disturbing the filter).
 *
 * <p>For {@code t >= time()}, writing {@code H} for the observed history:
 * <pre>
 *   intensity(k, t)  = lambda_k(t | H, no event in (time(), t))
 *   compensator(t)   = Lambda(time(), t) = integral_{time()}^{t} sum_k lambda_k(s | H) ds
 *   survival(t)      = P(no event in (time(), t] | H) = exp(-compensator(t))
 * </pre>
 */
public interface ConditionalIntensity {

    /** Number of event types {@code K} (1 for an unmarked process). */
    int numTypes();

    /** Time of the last observed event, or 0 before any. */
    double time();

    /** Number of events observed so far. */
    int count();

    /**
     * Intensity of type {@code type} at {@code t >= time()} given the observed history and no event in
     * {@code (time(), t)}.
     */
    double intensity(int type, double t);

    /** Total intensity {@code sum_k lambda_k(t)} at {@code t >= time()}. */
    default double totalIntensity(double t) {
        double sum = 0;
        for (int k = 0; k < numTypes(); k++) {
            sum += intensity(k, t);
        }
        return sum;
    }

    /** {@code Lambda(time(), t)}: the integral of the total intensity from the last event to {@code t >= time()}. */
    double compensator(double t);

    /**
     * Adds an event at {@code t >= time()} of type {@code type} to the history.
     *
     * @throws IllegalArgumentException if {@code t < time()} or the type is out of range
     */
    void observe(double t, int type);

    /**
     * Draws the next event after {@code time()} from the conditional law, exactly (no discretisation), without
     * changing this filter.
     *
     * @param horizon the draw stops at this time
     * @return the next event, or {@code null} if it falls after {@code horizon}
     */
    Event sampleNext(RandomGenerator rng, double horizon);

    /** An independent copy of this filter. */
    ConditionalIntensity copy();

    /** {@code P(no event in (time(), t])}. */
    default double survival(double t) {
        return Math.exp(-compensator(t));
    }

    /** {@code P(at least one event in (time(), time() + delta])}. */
    default double probabilityWithin(double delta) {
        return -Math.expm1(-compensator(time() + delta));
    }

    /**
     * The distribution of the next event's type given that it occurs before {@code time() + horizon}:
     * <pre>
     *   p_k = integral_0^H lambda_k(s) S(s) ds / (1 - S(H)),   S(s) = exp(-Lambda(time(), time() + s))
     * </pre>
     * with {@code H = +infinity} allowed. Computed by adaptive Gauss–Kronrod quadrature on intervals of
     * doubling length (absolute error about 1e-11 per piece) until the survival is below 1e-17, then normalised.
     */
    default double[] nextTypeDistribution(double horizon) {
        int k = numTypes();
        double[] p = new double[k];
        if (k == 1) {
            p[0] = 1;
            return p;
        }
        double t0 = time();
        double lambda0 = totalIntensity(t0);
        double step = lambda0 > 0 ? 1 / lambda0 : 1;
        double a = 0;
        for (int piece = 0; piece < 2000 && a < horizon; piece++) {
            double b = Math.min(horizon, a + step);
            Quadrature.integrate(
                    (s, out) -> {
                        double surv = survival(t0 + s);
                        for (int j = 0; j < k; j++) {
                            out[j] = intensity(j, t0 + s) * surv;
                        }
                    },
                    k,
                    a,
                    b,
                    1e-11,
                    p);
            a = b;
            step *= 2;
            if (survival(t0 + a) < 1e-17) {
                break;
            }
        }
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        if (!(sum > 0)) {
            throw new ArithmeticException("no probability of an event before the horizon " + horizon + " after time "
                    + t0 + "; the next-type distribution is undefined");
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** The type distribution of an event known to occur at {@code t >= time()}: {@code lambda_k(t) / lambda(t)}. */
    default double[] typeDistributionAt(double t) {
        double[] p = new double[numTypes()];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = intensity(k, t);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
