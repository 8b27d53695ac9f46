package io.tempora.pp;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Ordinary renewal process: gaps {@code t_i - t_{i-1}} i.i.d. from {@code gaps}, with time 0 as a renewal
 * point ({@code t_0 = 0}, so the first event is one gap after 0). Intensity: the hazard of the time since the
 * last event,
 * <pre>
 *   lambda(t) = f(t - t_last) / S(t - t_last),   Lambda(t_last, t) = -log S(t - t_last)
 *   log L on [0, T] = sum_i log f(t_i - t_{i-1}) + log S(T - t_n)
 * </pre>
 *
 * @param gaps the gap distribution
 */
public record RenewalProcess(GapDistribution gaps) implements PointProcess {

    public RenewalProcess {
        Objects.requireNonNull(gaps, "gaps");
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
            Checks.notBefore(t, time);
            return gaps.hazard(t - time);
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return -gaps.logSurvival(t - time);
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double t = time + gaps.sample(rng);
            return t <= horizon ? new Event(t, 0) : null;
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
