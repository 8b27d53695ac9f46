package io.tempora.pp;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Non-stationary renewal process: a renewal process in the rescaled time {@code tau = R(t) = integral_0^t r},
 * mapped back to real time by {@code t = R^{-1}(tau)} (Omi, Ueda &amp; Aihara 2019, "non-stationary renewal";
 * time 0 is a renewal point). With {@code f}, {@code S} the gap density and survival:
 * <pre>
 *   lambda(t) = r(t) f(R(t_last, t)) / S(R(t_last, t)),   R(a, b) = integral_a^b r
 *   Lambda(t_last, t) = -log S(R(t_last, t))
 *   log L on [0, T] = sum_i [ log r(t_i) + log f(R(t_{i-1}, t_i)) ] + log S(R(t_n, T))
 * </pre>
 * the {@code log r(t_i)} terms being the Jacobian of the time change. Simulation draws a gap {@code g} in
 * rescaled time and solves {@code R(t_last, t) = g} with {@link RateFunction#advance(double, double)}
 * (relative accuracy 1e-12).
 *
 * @param gaps the gap distribution in rescaled time
 * @param rate the clock rate {@code r(t)}
 */
public record TimeRescaledRenewal(GapDistribution gaps, RateFunction rate) implements PointProcess {

    public TimeRescaledRenewal {
        Objects.requireNonNull(gaps, "gaps");
        Objects.requireNonNull(rate, "rate");
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
            return rate.rate(t) * gaps.hazard(rate.integral(time, t));
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return -gaps.logSurvival(rate.integral(time, t));
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double g = gaps.sample(rng);
            if (Double.isFinite(horizon) && rate.integral(time, horizon) < g) {
                return null;
            }
            double t = rate.advance(time, g);
            return t <= horizon ? new Event(t, 0) : null;
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
