package io.tempora.bench.types;

import io.tempora.data.EventSequence;
import io.tempora.pp.ExponentialHawkes;
import java.util.SplittableRandom;

/**
 * The process {@code ./bench.sh types} learns, for any number of types {@code K}: a univariate exponential
 * Hawkes process for the times ({@code λ(t) = μ + αβ Σ e^{−β(t − t_j)}}, μ = {@value #MU}, α = {@value #ALPHA},
 * β = {@value #BETA}, the benchmark's {@code hawkes1}) whose every event draws its type independently from a
 * Zipf law, {@code p_k ∝ (k + 1)^{−s}} with s = {@value #ZIPF_EXPONENT} (heavy-tailed, as type counts in real
 * logs are). It is the marked Hawkes process {@code λ_k(t) = p_k λ(t)}, so its log-likelihood is known exactly:
 * the Hawkes process's for the times plus {@code Σ log p_{k_i}}.
 *
 * <p>Immutable.
 */
public final class ZipfMarkedHawkes {

    static final double MU = 0.2;
    static final double ALPHA = 0.8;
    static final double BETA = 1.0;
    static final double ZIPF_EXPONENT = 1.5;

    private final ExponentialHawkes times = ExponentialHawkes.univariate(MU, ALPHA, BETA);
    private final double[] probability;
    private final double[] cumulative;

    public ZipfMarkedHawkes(int numTypes) {
        probability = new double[numTypes];
        cumulative = new double[numTypes];
        double sum = 0;
        for (int k = 0; k < numTypes; k++) {
            probability[k] = Math.pow(k + 1, -ZIPF_EXPONENT);
            sum += probability[k];
        }
        double c = 0;
        for (int k = 0; k < numTypes; k++) {
            probability[k] /= sum;
            c += probability[k];
            cumulative[k] = c;
        }
    }

    public int numTypes() {
        return probability.length;
    }

    /** {@code n} events, times from the Hawkes process and types drawn independently. */
    public EventSequence simulate(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        EventSequence t = times.simulate(n, rng, "zipf-hawkes");
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            int k = java.util.Arrays.binarySearch(cumulative, rng.nextDouble());
            types[i] = Math.min(k < 0 ? -k - 1 : k, probability.length - 1);
        }
        return EventSequence.of(t.entityId(), t.times(), types);
    }

    /** The exact log-likelihood of events {@code [from, to)} given the ones before them. */
    public double logLikelihood(EventSequence events, int from, int to) {
        EventSequence timesOnly = EventSequence.of(events.entityId(), events.times(), new int[events.size()]);
        double ll = times.logLikelihood(timesOnly, from, to);
        for (int i = from; i < to; i++) {
            ll += Math.log(probability[events.type(i)]);
        }
        return ll;
    }
}
