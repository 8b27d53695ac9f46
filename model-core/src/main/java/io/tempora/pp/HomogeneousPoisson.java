package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * Homogeneous Poisson process: {@code lambda(t) = rate}. Gaps are i.i.d. exponential with mean {@code 1/rate};
 * {@code log L on [0, T] = n log(rate) - rate T}.
 *
 * @param rate events per unit time, finite and {@code > 0}
 */
public record HomogeneousPoisson(double rate) implements PointProcess {

    public HomogeneousPoisson {
        Checks.positive("rate", rate);
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

        @Override
        public double intensity(int type, double t) {
            Checks.type(type, 1);
            return rate;
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return rate * (t - time);
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double t = time + rng.nextExponential() / rate;
            return t <= horizon ? new Event(t, 0) : null;
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
