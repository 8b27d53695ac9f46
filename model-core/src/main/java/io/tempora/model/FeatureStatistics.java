package io.tempora.model;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import java.util.Arrays;
import java.util.List;

/**
 * Names of the numeric event features and the mean and standard deviation used to standardise them
 * ({@code x̃ = (x − mean) / sd}) before they enter the model. Stored with the model, so scoring uses
 * the statistics of the data it was trained on.
 *
 * @param names distinct feature names; empty for a model without features
 * @param mean  one mean per feature
 * @param sd    one standard deviation per feature, each finite and &gt; 0
 */
public record FeatureStatistics(List<String> names, double[] mean, double[] sd) {

    /** No features. */
    public static final FeatureStatistics NONE = new FeatureStatistics(List.of(), new double[0], new double[0]);

    public FeatureStatistics {
        names = List.copyOf(names);
        if (mean.length != names.size() || sd.length != names.size()) {
            throw new IllegalArgumentException(names.size() + " feature names but " + mean.length + " means and "
                    + sd.length + " standard deviations; they must match");
        }
        for (int j = 0; j < sd.length; j++) {
            if (!Double.isFinite(mean[j]) || !(sd[j] > 0) || !Double.isFinite(sd[j])) {
                throw new IllegalArgumentException("feature '" + names.get(j) + "': mean " + mean[j] + ", sd " + sd[j]
                        + "; the mean must be finite and the sd finite and > 0");
            }
        }
        mean = mean.clone();
        sd = sd.clone();
    }

    /**
     * The sample mean and standard deviation of every feature over all events of {@code data}; a
     * feature that never varies gets sd 1 (standardising only shifts it).
     */
    public static FeatureStatistics of(Dataset data) {
        int f = data.numFeatures();
        double[] mean = new double[f];
        double[] m2 = new double[f];
        long n = 0;
        for (EventSequence s : data.sequences()) {
            for (int i = 0; i < s.size(); i++) {
                n++;
                for (int j = 0; j < f; j++) {
                    double x = s.feature(i, j);
                    double delta = x - mean[j];
                    mean[j] += delta / n;
                    m2[j] += delta * (x - mean[j]);
                }
            }
        }
        double[] sd = new double[f];
        for (int j = 0; j < f; j++) {
            double v = n > 1 ? m2[j] / (n - 1) : 0;
            sd[j] = v > 0 && Double.isFinite(v) ? Math.sqrt(v) : 1.0;
        }
        return new FeatureStatistics(data.featureNames(), mean, sd);
    }

    /** Number of features. */
    public int size() {
        return names.size();
    }

    /** The mean of feature {@code j}. */
    public double mean(int j) {
        return mean[j];
    }

    /** The standard deviation of feature {@code j}. */
    public double sd(int j) {
        return sd[j];
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] sd() {
        return sd.clone();
    }

    /** Writes the standardised features {@code (raw_j − mean_j) / sd_j} into {@code out}; allocates nothing. */
    public void standardise(double[] raw, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = (raw[j] - mean[j]) / sd[j];
        }
    }

    /** Writes the raw features {@code mean_j + sd_j · standardised_j} into {@code out}; allocates nothing. */
    public void destandardise(double[] standardised, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = mean[j] + sd[j] * standardised[j];
        }
    }

    /** {@code Σ_j log sd_j}: the Jacobian between densities of raw and standardised features. */
    public double logJacobian() {
        double s = 0;
        for (double v : sd) {
            s += Math.log(v);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStatistics other
                && names.equals(other.names)
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(sd, other.sd);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * names.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(sd);
    }

    @Override
    public String toString() {
        return "FeatureStatistics" + names + " mean=" + Arrays.toString(mean) + " sd=" + Arrays.toString(sd);
    }
}
