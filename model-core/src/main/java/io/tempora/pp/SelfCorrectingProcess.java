package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * Self-correcting process (Isham &amp; Westcott 1979): {@code lambda(t) = exp(mu t - alpha N(t))}, with
 * {@code N(t)} the number of events before {@code t}. Between events the intensity grows exponentially, so
 * with {@code c = mu t_last - alpha N}:
 * <pre>
 *   Lambda(t_last, t) = e^c (e^{mu (t - t_last)} - 1) / mu
 *   next gap = log(1 + mu E e^{-c}) / mu,   E ~ Exp(1)   (inverting the compensator exactly)
 * </pre>
 * Omi, Ueda &amp; Aihara (2019) use {@code mu = alpha = 1}.
 *
 * @param mu    growth rate, {@code > 0}
 * @param alpha drop of the log intensity per event, {@code > 0}
 */
public record SelfCorrectingProcess(double mu, double alpha) implements PointProcess {

    public SelfCorrectingProcess {
        Checks.positive("mu", mu);
        Checks.positive("alpha", alpha);
    }

    @Override
    public int numTypes() {
        return 1;
    }

    @Override
    public ConditionalIntensity start() {
        return new State(0, 0);
    }

    private final class State extends UnivariateState {

        State(double time, int count) {
            super(time, count);
        }

        private double logIntensityAtLast() {
            return mu * time - alpha * count;
        }

        @Override
        public double intensity(int type, double t) {
            Checks.type(type, 1);
            Checks.notBefore(t, time);
            // relative to the last event, so that mu t and alpha N (both ~1e4 late in a sequence) cancel first
            return Math.exp(logIntensityAtLast() + mu * (t - time));
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return Math.exp(logIntensityAtLast()) * Math.expm1(mu * (t - time)) / mu;
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            // gap = softplus(x) / mu with x = log(mu E) - c, computed without overflow
            double x = Math.log(mu * rng.nextExponential()) - logIntensityAtLast();
            double softplus = x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            double t = time + softplus / mu;
            return t <= horizon ? new Event(t, 0) : null;
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
