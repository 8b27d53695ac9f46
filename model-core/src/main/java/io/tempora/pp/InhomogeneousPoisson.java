package io.tempora.pp;

import java.util.random.RandomGenerator;

/**
 * Non-homogeneous Poisson process with intensity {@code lambda(t) = r(t)}, simulated by thinning
 * (Lewis &amp; Shedler 1979): candidates from a homogeneous process at {@code r.upperBound()}, each kept with
 * probability {@code r(t) / upperBound}. {@code log L on [0, T] = sum_i log r(t_i) - integral_0^T r}.
 *
 * @param rate the intensity
 */
public record InhomogeneousPoisson(RateFunction rate) implements PointProcess {

    public InhomogeneousPoisson {
        java.util.Objects.requireNonNull(rate, "rate");
        Checks.positive("rate.upperBound()", rate.upperBound());
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
            return rate.rate(t);
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return rate.integral(time, t);
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double bound = rate.upperBound();
            double t = time;
            while (true) {
                t += rng.nextExponential() / bound;
                if (t > horizon) {
                    return null;
                }
                if (rng.nextDouble() * bound <= rate.rate(t)) {
                    return new Event(t, 0);
                }
            }
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
