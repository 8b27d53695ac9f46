package io.tempora.ode;

/**
 * The continuous extension (dense output) of one accepted step: a polynomial in time that matches
 * the step's start and end states and whose accuracy is close to the method's own. Valid only
 * during the {@link StepListener#onStep} call that hands it out.
 */
@FunctionalInterface
public interface DenseOutput {

    /**
     * Writes the interpolated state at time {@code t} into {@code out}.
     *
     * @param t   a time inside the step (values slightly outside extrapolate)
     * @param out receives the state; length of the state
     */
    void evaluate(double t, double[] out);
}
