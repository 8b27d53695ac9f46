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
}
