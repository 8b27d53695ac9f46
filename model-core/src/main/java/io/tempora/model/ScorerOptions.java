package io.tempora.model;

/**
 * Which of the {@link StreamingScorer}'s optimisations are on. Each makes the scorer cheaper, none is needed
 * for its results: with all off ({@link #NONE}) it solves every segment and prediction in full from the
 * solver's own first step, and the two agree to the documented tolerances (the class comment of
 * {@link StreamingScorer}; tested).
 *
 * @param calibratedFirstStep start adaptive solves from a step calibrated once per scorer
 *                            ({@link FirstStepCalibration}) instead of the solver's heuristic
 * @param settledTail         stop a prediction solve once the state has settled on the dynamics' fixed
 *                            point and complete it in closed form ({@link SettledTail})
 * @param linearisedTail      stop it earlier, near the fixed point, on the flow expanded there to second
 *                            order ({@link LinearisedTail}); for D &le; 32 and models it can linearise
 * @param newtonQuantiles     locate quantiles by Newton's method on the dense output rather than by
 *                            bisection ({@link QuantileSearch})
 */
public record ScorerOptions(
        boolean calibratedFirstStep, boolean settledTail, boolean linearisedTail, boolean newtonQuantiles) {

    /** Every optimisation on: the default. */
    public static final ScorerOptions ALL = new ScorerOptions(true, true, true, true);

    /** Every optimisation off: the essential scorer. */
    public static final ScorerOptions NONE = new ScorerOptions(false, false, false, false);

    public ScorerOptions withCalibratedFirstStep(boolean on) {
        return new ScorerOptions(on, settledTail, linearisedTail, newtonQuantiles);
    }

    public ScorerOptions withSettledTail(boolean on) {
        return new ScorerOptions(calibratedFirstStep, on, linearisedTail, newtonQuantiles);
    }

    public ScorerOptions withLinearisedTail(boolean on) {
        return new ScorerOptions(calibratedFirstStep, settledTail, on, newtonQuantiles);
    }

    public ScorerOptions withNewtonQuantiles(boolean on) {
        return new ScorerOptions(calibratedFirstStep, settledTail, linearisedTail, on);
    }

    /** Whether a prediction may complete in closed form on the fixed point (either tail). */
    boolean usesFixedPoint() {
        return settledTail || linearisedTail;
    }
}
