package io.tempora.trainer;

/**
 * Expected calibration error of predicted probabilities against what happened: predictions grouped into
 * {@value #BINS} equal-width bins of the predicted probability, {@code ECE = Σ_bins |Σ p − Σ outcome| / n} (the
 * model benchmark's definition, {@code ModelBench.ece}). Accumulates one prediction at a time.
 */
final class Calibration {

    /** Equal-width bins of the predicted probability. */
    static final int BINS = 10;

    private final double[] sumPredicted = new double[BINS];
    private final double[] sumObserved = new double[BINS];
    private long count;

    /** Adds one prediction {@code p} in [0, 1] and whether the predicted thing happened. */
    void add(double p, boolean happened) {
        int bin = Math.min(BINS - 1, Math.max(0, (int) (p * BINS)));
        sumPredicted[bin] += p;
        sumObserved[bin] += happened ? 1 : 0;
        count++;
    }

    /** The expected calibration error, or NaN before the first prediction. */
    double ece() {
        double e = 0;
        for (int b = 0; b < BINS; b++) {
            e += Math.abs(sumPredicted[b] - sumObserved[b]);
        }
        return e / count;
    }
}
