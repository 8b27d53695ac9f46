package io.tempora.ode;

/**
 * The continuous extension (dense output) of one accepted step: a polynomial in time that matches
 * the step's start and end states and whose accuracy is close to the method's own. Valid only
 * during the {@link StepListener#onStep} call that hands it out.
 */
public interface DenseOutput {

    /**
     * Writes the interpolated state at time {@code t} into {@code out}.
     *
     * @param t   a time inside the step (values slightly outside extrapolate)
     * @param out receives the state; length of the state
     */
    void evaluate(double t, double[] out);

    /**
     * Writes the interpolated components {@code [from, to)} at time {@code t} into {@code out[from, to)},
     * leaving the rest of {@code out} unspecified; each component has the value {@link #evaluate(double, double[])}
     * gives it. For listeners that need a few components of a large state (a root on one component):
     * the solver's own dense output computes only those. The default evaluates everything.
     *
     * @param out a state-length array
     */
    default void evaluate(double t, double[] out, int from, int to) {
        evaluate(t, out);
    }

    /**
     * Component {@code i} of the interpolant as a polynomial in the step fraction {@code θ = (t − tPrev)/h}:
     * writes {@code c_0 … c_m} into {@code coefficients} such that the component is {@code Σ_j c_j θ^j}
     * ({@code c_0} the step's start value), and returns the degree {@code m}. For listeners that solve
     * for a time on one component (a root, a level crossing): after this, each trial time costs {@code m}
     * multiply-adds instead of an interpolation.
     *
     * @param coefficients room for at least {@link #degree()} + 1 values
     */
    int polynomial(int i, double[] coefficients);

    /** The degree in {@code θ} of the interpolant ({@link #polynomial}). */
    int degree();
}
