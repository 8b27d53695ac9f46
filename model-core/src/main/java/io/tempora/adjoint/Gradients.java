package io.tempora.adjoint;

import io.tempora.ode.SolveStats;

/**
 * The result of one gradient computation.
 *
 * @param loss          the loss {@code L = Σ_i ℓ_i(y(t_i))} at the forward solution
 * @param dLdy0         {@code ∂L/∂y(t0)}
 * @param dLdTheta      {@code ∂L/∂θ}, in the field's parameter order
 * @param dLdTimes      {@code ∂L/∂t_i} for each output time, in the order given
 * @param dLdt0         {@code ∂L/∂t0}
 * @param forwardStats        the counts of the forward solve
 * @param backwardEvaluations evaluations of the backward dynamics: for the adjoint, calls of the
 *                            augmented field (each one evaluation of {@code f} and one VJP); for
 *                            direct backpropagation, VJP calls (each after re-evaluating its stage)
 * @param backwardSteps       accepted steps of the backward solve (for direct backpropagation, the
 *                            forward steps it walks back through)
 */
public record Gradients(
        double loss,
        double[] dLdy0,
        double[] dLdTheta,
        double[] dLdTimes,
        double dLdt0,
        SolveStats forwardStats,
        long backwardEvaluations,
        long backwardSteps) {

    /** Backward evaluations per forward evaluation: the relative cost of the reverse pass. */
    public double backwardForwardRatio() {
        return (double) backwardEvaluations / forwardStats.evaluations();
    }
}
