package io.tempora.adjoint;

/**
 * How to differentiate a loss through an ODE solve: the {@linkplain AdjointMethod adjoint method}
 * (optimise-then-discretise, memory constant in the number of steps) or
 * {@linkplain DirectBackprop direct backpropagation} through the solver's steps
 * (discretise-then-optimise, the exact gradient of the discrete solution, memory linear in the
 * number of steps).
 */
public interface GradientMethod {

    /**
     * Solves {@code dy/dt = f(t, y; θ)} from {@code (t0, y0)} through the output times and returns
     * the loss and its gradients.
     *
     * @param f     the field, with its parameters
     * @param t0    the initial time
     * @param y0    the initial state; not modified
     * @param times the output times, strictly monotone and all on the same side of {@code t0}
     *              (the last one is the end of the solve)
     * @param loss  the loss terms at the output times
     * @return the loss, its gradients and the solver counts
     */
    Gradients gradient(DifferentiableField f, double t0, double[] y0, double[] times, OutputLoss loss);

    /**
     * The vector–Jacobian product of the flow map {@code y0 ↦ y(t1)} of one segment, for models that
     * chain solves with other operations in between (the event model's jumps): given the segment's
     * forward result {@code y1} and the cotangent {@code a1} of it, writes
     * {@code a0 = a1ᵀ ∂y(t1)/∂y0} and accumulates {@code a1ᵀ ∂y(t1)/∂θ} into {@code dtheta}.
     *
     * @param f      the field
     * @param t0     the segment's start
     * @param y0     the state at {@code t0}, read only
     * @param t1     the segment's end; may equal {@code t0} (then {@code a0 = a1})
     * @param y1     the state at {@code t1} as the forward solve produced it, read only
     * @param a1     the cotangent of {@code y1}, read only
     * @param a0     receives the cotangent of {@code y0}; may be the same array as {@code a1}
     * @param dtheta accumulates the parameter gradient; length {@code f.parameterCount()}
     * @return the evaluations the backward pass spent
     */
    long flowVjp(
            DifferentiableField f,
            double t0,
            double[] y0,
            double t1,
            double[] y1,
            double[] a1,
            double[] a0,
            double[] dtheta);
}
