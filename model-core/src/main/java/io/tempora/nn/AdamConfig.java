package io.tempora.nn;

/**
 * Hyper-parameters of {@link Adam}.
 *
 * @param learningRate step size {@code alpha} &gt; 0
 * @param beta1        first-moment decay, in [0, 1)
 * @param beta2        second-moment decay, in [0, 1)
 * @param epsilon      denominator guard &gt; 0
 * @param weightDecay  decoupled weight decay {@code lambda} &gt;= 0 (AdamW); 0 gives plain Adam
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    public AdamConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Adam learning rate must be finite and > 0 but was " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(
                    "Adam betas must lie in [0, 1) but were beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be > 0 but was " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0 but was " + weightDecay);
        }
    }

    /** Kingma &amp; Ba's defaults: beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, no weight decay. */
    public static AdamConfig of(double learningRate) {
        return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }

    /** A copy with decoupled weight decay {@code lambda} (AdamW). */
    public AdamConfig withWeightDecay(double lambda) {
        return new AdamConfig(learningRate, beta1, beta2, epsilon, lambda);
    }

    /** A copy with another learning rate. */
    public AdamConfig withLearningRate(double alpha) {
        return new AdamConfig(alpha, beta1, beta2, epsilon, weightDecay);
    }
}
