package io.tempora.trainer.report;

import io.tempora.data.EventSequence;
import java.util.Arrays;

/**
 * The times at which the report evaluates an intensity along a sequence's first events, each with how many of the
 * events have been observed there. For every event {@code i}: its time just after it ({@code i + 1} observed); then,
 * up to the next event, {@code pointsPerGap − 1} points at {@code t_i + gap·(j/pointsPerGap)²}, denser just after
 * the event, where a self-exciting intensity changes fastest; and the next event's time just before it (still
 * {@code i + 1} observed). So a jump at an event is drawn as two points at the same time. Nothing is evaluated
 * before the first event (the history is conditioned on it) or after the last shown.
 *
 * @param times    the times (the data's units), non-decreasing
 * @param observed for each time, the number of the sequence's events observed before evaluating there, {@code >= 1}
 *                 and non-decreasing
 * @param events   the number of the sequence's events the grid covers
 */
public record IntensityGrid(double[] times, int[] observed, int events) {

    public IntensityGrid {
        if (times.length != observed.length) {
            throw new IllegalArgumentException(times.length + " times but " + observed.length + " counts");
        }
    }

    /** The grid over the first {@code min(maxEvents, s.size())} events of {@code s}. */
    public static IntensityGrid along(EventSequence s, int maxEvents, int pointsPerGap) {
        if (maxEvents < 1 || pointsPerGap < 1) {
            throw new IllegalArgumentException(
                    "maxEvents and pointsPerGap must be >= 1, got " + maxEvents + " and " + pointsPerGap);
        }
        int n = Math.min(maxEvents, s.size());
        int capacity = n == 0 ? 0 : 1 + (n - 1) * (pointsPerGap + 1);
        double[] times = new double[capacity];
        int[] observed = new int[capacity];
        int p = 0;
        for (int i = 0; i < n; i++) {
            double t = s.time(i);
            times[p] = t;
            observed[p++] = i + 1;
            if (i + 1 == n) {
                break;
            }
            double gap = s.time(i + 1) - t;
            if (gap > 0) { // a tie has no inside
                for (int j = 1; j < pointsPerGap; j++) {
                    double u = (double) j / pointsPerGap;
                    times[p] = t + gap * u * u;
                    observed[p++] = i + 1;
                }
            }
            times[p] = s.time(i + 1);
            observed[p++] = i + 1;
        }
        return new IntensityGrid(Arrays.copyOf(times, p), Arrays.copyOf(observed, p), n);
    }

    /** The number of points. */
    public int size() {
        return times.length;
    }
}
