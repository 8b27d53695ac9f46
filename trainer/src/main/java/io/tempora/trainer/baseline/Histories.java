package io.tempora.trainer.baseline;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;

/**
 * A dataset's sequences as the baselines read them: each sequence's times in seconds since its first event
 * (subtracted in the data's unit first, so that epoch milliseconds keep their precision), and the number of
 * scored events (every event but each sequence's first) and the exposure (each sequence's first-to-last span,
 * summed), the two figures the likelihood convention needs.
 */
final class Histories {

    private final double[][] seconds;
    private final long scoredEvents;
    private final double exposure;

    private Histories(double[][] seconds) {
        this.seconds = seconds;
        long n = 0;
        double total = 0;
        for (double[] s : seconds) {
            if (s.length > 0) {
                n += s.length - 1;
                total += s[s.length - 1];
            }
        }
        this.scoredEvents = n;
        this.exposure = total;
    }

    /** The sequences of {@code data}, whose times are in units of {@code 1 / dataUnitsPerSecond} seconds. */
    static Histories of(Dataset data, double dataUnitsPerSecond) {
        double[][] seconds = new double[data.sequences().size()][];
        for (int q = 0; q < seconds.length; q++) {
            EventSequence s = data.sequences().get(q);
            double[] t = new double[s.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = (s.time(i) - s.time(0)) / dataUnitsPerSecond;
            }
            seconds[q] = t;
        }
        return new Histories(seconds);
    }

    /** Histories of the given times, seconds since each sequence's first event (tests). */
    static Histories ofSeconds(double[]... sequences) {
        return new Histories(sequences);
    }

    int size() {
        return seconds.length;
    }

    /** Sequence {@code q}'s times, seconds since its first event; not to be changed. */
    double[] times(int q) {
        return seconds[q];
    }

    /** Every event but each sequence's first. */
    long scoredEvents() {
        return scoredEvents;
    }

    /** The sum over sequences of the time from the first event to the last, seconds. */
    double exposure() {
        return exposure;
    }
}
