package io.tempora.model;

import java.util.Arrays;

/**
 * What {@link StreamingScorer#predict} computes from an entity's state at a time {@code t},
 * preallocated and reused so that a prediction allocates nothing. All times, horizons and
 * intensities are in the data's own unit; durations (horizons, quantiles, expected time) are
 * measured from {@code t}.
 *
 * <p>With {@code S(s) = exp(−Λ(t, t+s))} the survival function and {@code H} the largest horizon:
 * <pre>
 *   probabilityWithin(j)        = 1 − S(Δ_j)
 *   probabilityWithin(j, k)     = 1 − exp(−Λ_k(t, t+Δ_j))
 *   quantile(q)                 = the s with Λ(t, t+s) = −ln(1 − q), or +∞ beyond H
 *   expectedTimeToNext          = ∫_0^H S(s) ds              (truncated at H)
 *   nextTypeProbability(k)      = ∫_0^H λ_k S ds / (1 − S(H))
 *   predictedFeature(j)         = the feature head's mean at t, de-standardised
 * </pre>
 * A {@link TypeForm#FACTORED} model integrates only the total {@code Λ}; its per-type figures use the types'
 * shares {@code p_k = p(k | h(t))} at the horizon start, read type by type when asked ({@link TypeShares}, so
 * a prediction costs the same whatever {@code K}):
 * <pre>
 *   intensity(k)                = λ(t) · p_k
 *   probabilityWithin(j, k)     = 1 − exp(−p_k Λ(t, t+Δ_j)) = 1 − S(Δ_j)^{p_k}
 *   nextTypeProbability(k)      = p_k
 * </pre>
 * exact while the shares stay as they are at {@code t}, and the more so the shorter the horizon.
 * Not thread-safe; one per scorer thread.
 */
public final class PredictionBuffer {

    /** The default next-event time quantile levels. */
    public static final double[] DEFAULT_QUANTILES = {0.1, 0.5, 0.9};

    final int numTypes;
    final int numFeatures;
    final double[] quantileLevels;
    final double[] quantileThresholds;
    final double[] quantiles;
    double time;
    double totalIntensity;
    final double[] intensity;
    int horizonCount;
    final double[] horizons;
    /** The horizons in the model's time unit, as the prediction solve reads them. */
    final double[] modelHorizons;

    final double[] within;
    final double[] withinByType;
    double expectedTimeToNext;
    final double[] nextType;
    final double[] features;
    long evaluations;
    /** A factored model's type shares at the prediction's state; null for a per-type model's prediction. */
    TypeShares shares;

    /**
     * @param numTypes       the model's {@code K}
     * @param numFeatures    the model's {@code F}
     * @param maxHorizons    the most horizons one prediction may ask for
     * @param quantileLevels quantile levels in (0, 1), ascending
     */
    public PredictionBuffer(int numTypes, int numFeatures, int maxHorizons, double[] quantileLevels) {
        if (numTypes < 1 || numFeatures < 0 || maxHorizons < 1) {
            throw new IllegalArgumentException("a prediction buffer needs K >= 1, F >= 0 and room for at least one "
                    + "horizon, got K=" + numTypes + ", F=" + numFeatures + ", maxHorizons=" + maxHorizons);
        }
        for (int i = 0; i < quantileLevels.length; i++) {
            double q = quantileLevels[i];
            if (!(q > 0 && q < 1) || (i > 0 && !(q > quantileLevels[i - 1]))) {
                throw new IllegalArgumentException(
                        "quantile levels must be ascending and inside (0, 1), got " + Arrays.toString(quantileLevels));
            }
        }
        this.numTypes = numTypes;
        this.numFeatures = numFeatures;
        this.quantileLevels = quantileLevels.clone();
        this.quantileThresholds = new double[quantileLevels.length];
        for (int i = 0; i < quantileLevels.length; i++) {
            quantileThresholds[i] = -Math.log1p(-quantileLevels[i]);
        }
        this.quantiles = new double[quantileLevels.length];
        this.intensity = new double[numTypes];
        this.horizons = new double[maxHorizons];
        this.modelHorizons = new double[maxHorizons];
        this.within = new double[maxHorizons];
        this.withinByType = new double[maxHorizons * numTypes];
        this.nextType = new double[numTypes];
        this.features = new double[numFeatures];
    }

    /**
     * Sets the horizons of a prediction (data units) and their values in the model's time {@code unit};
     * returns the largest in model units.
     */
    double setHorizons(double[] dataHorizons, double unit) {
        double max = 0;
        for (int j = 0; j < dataHorizons.length; j++) {
            horizons[j] = dataHorizons[j];
            modelHorizons[j] = dataHorizons[j] / unit;
            max = Math.max(max, modelHorizons[j]);
        }
        horizonCount = dataHorizons.length;
        return max;
    }

    /** The time the prediction is for (data units). */
    public double time() {
        return time;
    }

    /** Total intensity {@code λ(t)}, events per data unit. */
    public double totalIntensity() {
        return totalIntensity;
    }

    /** Intensity of type {@code k} at {@code t}, events per data unit. */
    public double intensity(int k) {
        if (shares != null) {
            return totalIntensity * shares.probability(k);
        }
        return intensity[k];
    }

    /** The most horizons one prediction into this buffer may ask for. */
    public int maxHorizons() {
        return horizons.length;
    }

    /** Number of horizons of the last prediction. */
    public int horizonCount() {
        return horizonCount;
    }

    /** Horizon {@code j} (data units). */
    public double horizon(int j) {
        checkHorizon(j);
        return horizons[j];
    }

    /** {@code P(at least one event in (t, t + Δ_j])}. */
    public double probabilityWithin(int j) {
        checkHorizon(j);
        return within[j];
    }

    /** {@code P(at least one event of type k in (t, t + Δ_j])} under the type's own intensity. */
    public double probabilityWithin(int j, int k) {
        checkHorizon(j);
        if (shares != null) {
            return -Math.expm1(shares.probability(k) * Math.log1p(-within[j]));
        }
        return withinByType[j * numTypes + k];
    }

    /** The quantile levels. */
    public double[] quantileLevels() {
        return quantileLevels.clone();
    }

    /** Number of quantile levels. */
    public int quantileCount() {
        return quantiles.length;
    }

    /** The delay (data units, from {@code t}) by which the next event has come with probability {@code quantileLevels()[i]}; +∞ beyond the largest horizon. */
    public double quantile(int i) {
        return quantiles[i];
    }

    /** {@code E[min(T − t, H)]}, data units. */
    public double expectedTimeToNext() {
        return expectedTimeToNext;
    }

    /** The probability that the next event (given one comes within the largest horizon) has type {@code k}. */
    public double nextTypeProbability(int k) {
        if (shares != null) {
            return shares.probability(k);
        }
        return nextType[k];
    }

    /** The predicted value of feature {@code j} of the next event (the Gaussian head's mean, data units). */
    public double predictedFeature(int j) {
        return features[j];
    }

    /** Solver evaluations the prediction took. */
    public long evaluations() {
        return evaluations;
    }

    private void checkHorizon(int j) {
        if (j < 0 || j >= horizonCount) {
            throw new IndexOutOfBoundsException("horizon " + j + " of " + horizonCount);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Prediction[t=")
                .append(time)
                .append(", λ=")
                .append(totalIntensity)
                .append(" ")
                .append(shares != null ? "(per type: λ · p(k | h), read by type)" : Arrays.toString(intensity))
                .append(", within={");
        for (int j = 0; j < horizonCount; j++) {
            sb.append(j == 0 ? "" : ", ").append(horizons[j]).append(": ").append(within[j]);
        }
        sb.append("}, quantiles={");
        for (int i = 0; i < quantiles.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(quantileLevels[i]).append(": ").append(quantiles[i]);
        }
        sb.append("}, E[time to next]=")
                .append(expectedTimeToNext)
                .append(", next type=")
                .append(shares != null ? "(read by type)" : Arrays.toString(nextType));
        if (numFeatures > 0) {
            sb.append(", features=").append(Arrays.toString(features));
        }
        return sb.append(", evaluations=").append(evaluations).append(']').toString();
    }
}
