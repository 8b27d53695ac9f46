package io.tempora.data;

import java.util.Arrays;

/**
 * Choice of a model time unit from data.
 *
 * <p>A model measures time in a unit of its own so that its dynamics see gaps of order one whether the raw
 * timestamps are milliseconds apart or months apart. The chosen unit is the median positive gap between
 * consecutive events of the same entity over the whole dataset: robust to bursts of ties (gaps of 0 are left
 * out) and to a few huge gaps (unlike the mean).
 */
public final class TimeUnits {

    private TimeUnits() {}

    /**
     * The median of all positive gaps {@code t_{i} - t_{i-1}} within sequences, in the dataset's time unit
     * (milliseconds for data read by {@link EventCsvReader}). With an even number of gaps the mean of the two
     * middle ones.
     *
     * @throws IllegalArgumentException if no sequence has two events at different times
     */
    public static double medianPositiveGap(Dataset dataset) {
        long count = 0;
        for (EventSequence s : dataset.sequences()) {
            count += Math.max(0, s.size() - 1);
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "too many gaps (" + count + ") to take their median in memory; subsample the dataset");
        }
        double[] gaps = new double[(int) count];
        int n = 0;
        for (EventSequence s : dataset.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                double g = s.time(i) - s.time(i - 1);
                if (g > 0) {
                    gaps[n++] = g;
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no positive gap between events of one entity in "
                    + dataset.sequences().size()
                    + " sequences; a time unit needs at least one entity with two events at different times");
        }
        Arrays.sort(gaps, 0, n);
        return n % 2 == 1 ? gaps[n / 2] : 0.5 * (gaps[n / 2 - 1] + gaps[n / 2]);
    }
}
