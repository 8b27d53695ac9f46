package io.tempora.model.train;

/**
 * How the learning rate moves within a training run, on top of the decay after every epoch without
 * improvement ({@link TrainingConfig#learningRateDecay()}).
 */
public enum LearningRateSchedule {

    /** The configured rate, decayed only on epochs without improvement. */
    CONSTANT {
        @Override
        public double factor(double progress) {
            return 1;
        }
    },

    /**
     * Cosine annealing (Loshchilov &amp; Hutter 2017, "SGDR") over the run, whose progress is the
     * larger of the fraction of the time budget spent and the fraction of the epochs done, so a
     * time-budgeted fit still ends on small steps however many epochs a busy machine allows:
     * <pre>
     *   factor(p) = FLOOR + (1 − FLOOR) · (1 + cos(π p)) / 2,    p ∈ [0, 1]
     * </pre>
     */
    COSINE {
        @Override
        public double factor(double progress) {
            double p = Math.min(1, Math.max(0, progress));
            return FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * p));
        }
    };

    /** The cosine schedule's last factor: the final steps still move the parameters a little. */
    public static final double FLOOR = 0.05;

    /** The multiplier of the learning rate at {@code progress} ∈ [0, 1] of the run. */
    public abstract double factor(double progress);
}
