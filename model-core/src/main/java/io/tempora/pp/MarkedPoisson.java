package io.tempora.pp;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Homogeneous Poisson process with {@code K} types of constant rates {@code r_k}: total rate {@code r = sum r_k},
 * gaps exponential with mean {@code 1/r}, types i.i.d. with shares {@code r_k / r}, independent of the times.
 * <pre>
 *   log L on [0, T] = sum_i log r_{k_i} - r T
 *   P(event within delta) = 1 - e^{-r delta},   next-time quantile q: -ln(1 - q) / r,   P(type k) = r_k / r
 * </pre>
 * The closed forms a model with constant intensities must reproduce.
 */
public final class MarkedPoisson implements PointProcess {

    private final double[] rates;
    private final double total;

    /** @param rates per-type rates, each finite and {@code > 0} */
    public MarkedPoisson(double... rates) {
        if (rates.length < 1) {
            throw new IllegalArgumentException("need at least one type rate");
        }
        double sum = 0;
        for (int k = 0; k < rates.length; k++) {
            sum += Checks.positive("rates[" + k + "]", rates[k]);
        }
        this.rates = rates.clone();
        this.total = sum;
    }

    /** A copy of the per-type rates. */
    public double[] rates() {
        return rates.clone();
    }

    /** The total rate {@code sum_k r_k}. */
    public double totalRate() {
        return total;
    }

    @Override
    public int numTypes() {
        return rates.length;
    }

    @Override
    public ConditionalIntensity start() {
        return new State(0, 0);
    }

    @Override
    public String toString() {
        return "MarkedPoisson" + Arrays.toString(rates);
    }

    private final class State implements ConditionalIntensity {
        private double time;
        private int count;

        State(double time, int count) {
            this.time = time;
            this.count = count;
        }

        @Override
        public int numTypes() {
            return rates.length;
        }

        @Override
        public double time() {
            return time;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public double intensity(int type, double t) {
            Checks.type(type, rates.length);
            return rates[type];
        }

        @Override
        public double totalIntensity(double t) {
            return total;
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            return total * (t - time);
        }

        @Override
        public void observe(double t, int type) {
            Checks.event(t, type, time, rates.length);
            time = t;
            count++;
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double t = time + rng.nextExponential() / total;
            if (t > horizon) {
                return null;
            }
            double u = rng.nextDouble() * total;
            double acc = 0;
            for (int k = 0; k < rates.length - 1; k++) {
                acc += rates[k];
                if (u < acc) {
                    return new Event(t, k);
                }
            }
            return new Event(t, rates.length - 1);
        }

        @Override
        public double[] nextTypeDistribution(double horizon) {
            double[] p = new double[rates.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = rates[k] / total;
            }
            return p;
        }

        @Override
        public ConditionalIntensity copy() {
            return new State(time, count);
        }
    }
}
