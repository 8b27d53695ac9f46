package io.tempora.model.train;

import java.util.function.LongSupplier;

/**
 * The wall-clock limit on one {@link Trainer} run ({@link TrainingConfig#timeBudgetSeconds()}): the clock starts when
 * the run is called, and every validation pass counts against it. A mini-batch starts only while the time left
 * covers the mean duration of the run's mini-batches so far and the duration of the last complete validation pass
 * (the pass that must follow it), so that the run ends within the budget rather than a batch past it.
 */
final class TimeBudget {

    /** Converts clock differences (nanoseconds) to seconds. */
    private static final double SECONDS_PER_NANO = 1e-9;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final double seconds;
    private double batchSeconds;
    private long batches;
    private double validationSeconds;

    TimeBudget(LongSupplier nanoTime, double seconds) {
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.seconds = seconds;
    }

    /** Seconds since the run started. */
    double elapsed() {
        return secondsSince(startNanos);
    }

    /** Seconds since the clock read {@code nanos}. */
    double secondsSince(long nanos) {
        return (nanoTime.getAsLong() - nanos) * SECONDS_PER_NANO;
    }

    /** The clock's reading now. */
    long now() {
        return nanoTime.getAsLong();
    }

    /** The clock reading at which the budget is spent, {@link Long#MAX_VALUE} if that is beyond the clock's range. */
    long deadlineNanos() {
        double nanos = seconds / SECONDS_PER_NANO;
        return nanos >= Long.MAX_VALUE - (double) startNanos ? Long.MAX_VALUE : startNanos + (long) nanos;
    }

    /** Records a mini-batch's duration (the running estimate is their mean). */
    void batchTook(double s) {
        batchSeconds += s;
        batches++;
    }

    /** Records a complete validation pass's duration (the estimate of the next one). */
    void validationTook(double s) {
        validationSeconds = s;
    }

    /** The mean mini-batch duration so far, 0 before the first. */
    double batchEstimate() {
        return batches > 0 ? batchSeconds / batches : 0;
    }

    /** Whether a mini-batch may start: the time left covers it and the validation pass after it. */
    boolean allowsBatch() {
        double left = seconds - elapsed();
        return left > 0 && left >= batchEstimate() + validationSeconds;
    }
}
