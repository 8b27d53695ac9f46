package io.tempora.pp;

import io.tempora.data.EventSequence;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A temporal point process on {@code [0, infinity)} with {@code K} event types, known exactly: the "true model"
 * against which fitted models are compared.
 *
 * <p>Only {@link #numTypes()} and {@link #start()} are abstract; simulation, likelihoods and predictions all
 * run the process's {@link ConditionalIntensity} filter through a history in O(n).
 *
 * <p>Event-aligned likelihood (what a test segment of the benchmark scores): for events {@code [from, to)}
 * of a history, conditioned on events {@code [0, from)},
 * <pre>
 *   ll(from, to) = sum_{i=from}^{to-1} [ log lambda_{k_i}(t_i | H_{t_i}) - Lambda(t_{i-1}, t_i) ],   t_{-1} = 0
 * </pre>
 * so {@code ll(0, m) + ll(m, n) = ll(0, n)}, the log-likelihood on {@code [0, t_{n-1}]}.
 */
public interface PointProcess {

    /** Number of event types {@code K}. */
    int numTypes();

    /** A filter at time 0 with an empty history. */
    ConditionalIntensity start();

    /** The filter after observing the first {@code count} events of {@code history}. */
    default ConditionalIntensity conditionedOn(EventSequence history, int count) {
        Objects.checkIndex(count, history.size() + 1);
        ConditionalIntensity state = start();
        for (int i = 0; i < count; i++) {
            state.observe(history.time(i), history.type(i));
        }
        return state;
    }

    /**
     * Simulates the first {@code n} events after time 0.
     *
     * @param entityId the id of the returned sequence
     */
    default EventSequence simulate(int n, RandomGenerator rng, String entityId) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        ConditionalIntensity state = start();
        double[] times = new double[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            Event e = state.sampleNext(rng, Double.POSITIVE_INFINITY);
            if (e == null) {
                throw new IllegalStateException("the process stopped after " + i + " events (its intensity vanished)");
            }
            times[i] = e.time();
            types[i] = e.type();
            state.observe(e.time(), e.type());
        }
        return EventSequence.of(entityId, times, types);
    }

    /** {@link #simulate(int, RandomGenerator, String)} with entity id {@code "sim"}. */
    default EventSequence simulate(int n, RandomGenerator rng) {
        return simulate(n, rng, "sim");
    }

    /** Simulates all events in {@code (0, horizon]}. */
    default EventSequence simulateUntil(double horizon, RandomGenerator rng) {
        ConditionalIntensity state = start();
        double[] times = new double[16];
        int[] types = new int[16];
        int n = 0;
        for (Event e = state.sampleNext(rng, horizon); e != null; e = state.sampleNext(rng, horizon)) {
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
                types = Arrays.copyOf(types, 2 * n);
            }
            times[n] = e.time();
            types[n++] = e.type();
            state.observe(e.time(), e.type());
        }
        return EventSequence.of("sim", Arrays.copyOf(times, n), Arrays.copyOf(types, n));
    }

    /**
     * Exact log-likelihood of a realisation observed on {@code [0, horizon]}:
     * {@code sum_i log lambda_{k_i}(t_i) - integral_0^horizon lambda}.
     *
     * @throws IllegalArgumentException if an event lies outside {@code [0, horizon]}
     */
    default double logLikelihood(EventSequence events, double horizon) {
        if (!events.isEmpty() && (events.time(0) < 0 || events.time(events.size() - 1) > horizon)) {
            throw new IllegalArgumentException("events span [" + events.time(0) + ", " + events.time(events.size() - 1)
                    + "], not inside the observation window [0, " + horizon + "]");
        }
        return logLikelihood(events, 0, events.size())
                - conditionedOn(events, events.size()).compensator(horizon);
    }

    /** The event-aligned log-likelihood {@code ll(from, to)} (see the class comment). */
    default double logLikelihood(EventSequence history, int from, int to) {
        double sum = 0;
        for (double v : eventLogLikelihoods(history, from, to)) {
            sum += v;
        }
        return sum;
    }

    /**
     * Per-event terms of {@link #logLikelihood(EventSequence, int, int)}:
     * {@code log lambda_{k_i}(t_i) - Lambda(t_{i-1}, t_i)} for {@code i} in {@code [from, to)}.
     */
    default double[] eventLogLikelihoods(EventSequence history, int from, int to) {
        Objects.checkFromToIndex(from, to, history.size());
        ConditionalIntensity state = conditionedOn(history, from);
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            double t = history.time(i);
            out[i - from] = Math.log(state.intensity(history.type(i), t)) - state.compensator(t);
            state.observe(t, history.type(i));
        }
        return out;
    }

    /**
     * Compensator increments {@code Lambda(t_{i-1}, t_i)} for {@code i} in {@code [from, to)}: by the
     * time-rescaling theorem (Brown et al. 2002) i.i.d. standard exponential under the true process.
     */
    default double[] compensatorIncrements(EventSequence history, int from, int to) {
        Objects.checkFromToIndex(from, to, history.size());
        ConditionalIntensity state = conditionedOn(history, from);
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = state.compensator(history.time(i));
            state.observe(history.time(i), history.type(i));
        }
        return out;
    }

    /**
     * For each {@code i} in {@code [from, to)}: {@code P(t_i - t_{i-1} <= delta | events [0, i))}, the true
     * probability that the next event comes within {@code delta} of the previous one (of time 0 for i = 0).
     */
    default double[] probabilitiesWithin(EventSequence history, int from, int to, double delta) {
        Objects.checkFromToIndex(from, to, history.size());
        ConditionalIntensity state = conditionedOn(history, from);
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = state.probabilityWithin(delta);
            state.observe(history.time(i), history.type(i));
        }
        return out;
    }

    /**
     * For each {@code i} in {@code [from, to)}: the true distribution of event i's type given events
     * {@code [0, i)} only ({@link ConditionalIntensity#nextTypeDistribution(double)} with horizon
     * {@code horizon}, which may be infinite). Row {@code i - from} has {@link #numTypes()} entries.
     */
    default double[][] nextTypeDistributions(EventSequence history, int from, int to, double horizon) {
        Objects.checkFromToIndex(from, to, history.size());
        ConditionalIntensity state = conditionedOn(history, from);
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = state.nextTypeDistribution(horizon);
            state.observe(history.time(i), history.type(i));
        }
        return out;
    }

    /**
     * For each {@code i} in {@code [from, to)}: the type distribution of event i given its time and events
     * {@code [0, i)}: {@code lambda_k(t_i) / lambda(t_i)}.
     */
    default double[][] typeDistributionsAtEvents(EventSequence history, int from, int to) {
        Objects.checkFromToIndex(from, to, history.size());
        ConditionalIntensity state = conditionedOn(history, from);
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = state.typeDistributionAt(history.time(i));
            state.observe(history.time(i), history.type(i));
        }
        return out;
    }
}
