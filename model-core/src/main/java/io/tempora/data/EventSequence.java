package io.tempora.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The event history of one entity: times, event types and optional numeric features, in time order.
 *
 * <p>Times are plain {@code double}s in whatever unit the caller chose: raw epoch milliseconds as read
 * by {@link EventCsvReader} (exact up to 2<sup>53</sup> ms), or a model time unit after
 * {@link #rescaled(double, double)}. They must be finite and non-decreasing (equal times are allowed:
 * real streams have ties). Types are non-negative ids; their upper bound {@code K} belongs to the
 * {@link Dataset}'s vocabulary and is checked there (or by {@link #requireTypesBelow(int)}). Every event
 * has the same number of features, all finite; a sequence without features has rows of length 0.
 *
 * <p>Immutable: the constructor copies its arrays and the array accessors return copies. Hot loops
 * should use the indexed accessors {@link #time(int)}, {@link #type(int)} and {@link #feature(int, int)},
 * which do not copy.
 *
 * @param entityId the entity (customer, device, ...) the events belong to; not blank
 * @param times    event times, finite and non-decreasing
 * @param types    event type ids, {@code >= 0}, same length as {@code times}
 * @param features one row per event, all rows of equal length, finite values
 */
public record EventSequence(String entityId, double[] times, int[] types, double[][] features) {

    public EventSequence {
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(features, "features");
        if (entityId.isBlank()) {
            throw new IllegalArgumentException("entityId is blank; every sequence needs an entity id");
        }
        int n = times.length;
        if (types.length != n || features.length != n) {
            throw new IllegalArgumentException("entity '" + entityId + "': times, types and features have lengths " + n
                    + ", " + types.length + ", " + features.length + "; they must be equal");
        }
        times = times.clone();
        types = types.clone();
        double[][] rows = new double[n][];
        int width = n == 0 ? 0 : Objects.requireNonNull(features[0], "features[0]").length;
        for (int i = 0; i < n; i++) {
            double t = times[i];
            if (!Double.isFinite(t)) {
                throw new IllegalArgumentException(
                        "entity '" + entityId + "', event " + i + ": time " + t + " is not finite");
            }
            if (i > 0 && t < times[i - 1]) {
                throw new IllegalArgumentException("entity '" + entityId + "', event " + i + ": time " + t
                        + " is before the previous event's time " + times[i - 1] + "; sort events by time first");
            }
            if (types[i] < 0) {
                throw new IllegalArgumentException(
                        "entity '" + entityId + "', event " + i + ": type id " + types[i] + " is negative");
            }
            double[] row = Objects.requireNonNull(features[i], "features[" + i + "]");
            if (row.length != width) {
                throw new IllegalArgumentException("entity '" + entityId + "', event " + i + ": " + row.length
                        + " features where event 0 has " + width + "; every event needs the same features");
            }
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("entity '" + entityId + "', event " + i + ", feature " + j + ": "
                            + row[j] + " is not finite");
                }
            }
            rows[i] = row.clone();
        }
        features = rows;
    }

    /** A sequence without features. */
    public static EventSequence of(String entityId, double[] times, int[] types) {
        return new EventSequence(entityId, times, types, new double[times.length][0]);
    }

    /** A sequence of events of the single type 0, without features. */
    public static EventSequence ofTimes(String entityId, double... times) {
        return of(entityId, times, new int[times.length]);
    }

    /** Number of events. */
    public int size() {
        return times.length;
    }

    /** Whether there are no events. */
    public boolean isEmpty() {
        return times.length == 0;
    }

    /** Number of features per event (0 for an empty sequence). */
    public int numFeatures() {
        return times.length == 0 ? 0 : features[0].length;
    }

    /** Time of event {@code i} (no copy). */
    public double time(int i) {
        return times[i];
    }

    /** Type id of event {@code i} (no copy). */
    public int type(int i) {
        return types[i];
    }

    /** Feature {@code j} of event {@code i} (no copy). */
    public double feature(int i, int j) {
        return features[i][j];
    }

    /** A copy of event {@code i}'s features. */
    public double[] featuresOf(int i) {
        return features[i].clone();
    }

    /** A copy of the event times. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** A copy of the type ids. */
    @Override
    public int[] types() {
        return types.clone();
    }

    /** A deep copy of the features. */
    @Override
    public double[][] features() {
        double[][] copy = new double[features.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = features[i].clone();
        }
        return copy;
    }

    /** Events {@code [from, to)} as a new sequence of the same entity. */
    public EventSequence slice(int from, int to) {
        Objects.checkFromToIndex(from, to, times.length);
        return new EventSequence(
                entityId,
                Arrays.copyOfRange(times, from, to),
                Arrays.copyOfRange(types, from, to),
                Arrays.copyOfRange(features, from, to));
    }

    /**
     * The same events with times mapped to {@code (t - origin) / unit}: e.g. epoch milliseconds to hours since
     * the first event with {@code origin = time(0)}, {@code unit = 3_600_000}. Subtracting the origin first keeps
     * the precision that dividing large epoch values would lose.
     *
     * @throws IllegalArgumentException if {@code unit} is not finite and positive or {@code origin} not finite
     */
    public EventSequence rescaled(double origin, double unit) {
        if (!(unit > 0) || !Double.isFinite(unit) || !Double.isFinite(origin)) {
            throw new IllegalArgumentException("rescaling needs a finite origin and a finite positive unit, got origin "
                    + origin + ", unit " + unit);
        }
        double[] t = new double[times.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (times[i] - origin) / unit;
        }
        return new EventSequence(entityId, t, types, features);
    }

    /**
     * Checks every type id is below {@code numTypes}.
     *
     * @throws IllegalArgumentException naming the first offending event
     */
    public EventSequence requireTypesBelow(int numTypes) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] >= numTypes) {
                throw new IllegalArgumentException("entity '" + entityId + "', event " + i + ": type id " + types[i]
                        + " is not below the number of types " + numTypes);
            }
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventSequence s
                && entityId.equals(s.entityId)
                && Arrays.equals(times, s.times)
                && Arrays.equals(types, s.types)
                && Arrays.deepEquals(features, s.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, Arrays.hashCode(times), Arrays.hashCode(types), Arrays.deepHashCode(features));
    }

    @Override
    public String toString() {
        return "EventSequence[" + entityId + ", " + times.length + " events, " + numFeatures() + " features"
                + (times.length == 0 ? "" : ", times " + times[0] + ".." + times[times.length - 1]) + "]";
    }
}
