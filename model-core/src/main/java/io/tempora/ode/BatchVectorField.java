package io.tempora.ode;

/**
 * The vector fields of {@code B} independent systems of dimension {@code D}, evaluated together (one
 * matrix product over the batch instead of {@code B} small ones). The state is flattened sample by
 * sample: component {@code i} of sample {@code b} is {@code y[b·D + i]}.
 *
 * <p>This is the field in each sample's own time; {@link BatchSolver} does the rescaling to the
 * common {@code s ∈ [0, 1]}. Same contract as {@link VectorField}: write every component of
 * {@code dydt}, keep no reference to the arrays.
 */
@FunctionalInterface
public interface BatchVectorField {

    /**
     * Writes {@code dydt[b·D + i] = f(times[b], y_b)_i} for every sample {@code b}.
     *
     * @param s     the common rescaled time in [0, 1]
     * @param times each sample's own time {@code t0_b + s·(t1_b − t0_b)}, length B, read only
     * @param y     the flattened states, length B·D, read only
     * @param dydt  receives the flattened derivatives with respect to each sample's own time
     */
    void evaluate(double s, double[] times, double[] y, double[] dydt);
}
