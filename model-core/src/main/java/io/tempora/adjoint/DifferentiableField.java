package io.tempora.adjoint;

import io.tempora.ode.VectorField;

/**
 * A vector field {@code f(t, y; θ)} that can also give its vector–Jacobian products, which is all
 * the adjoint method and direct backpropagation need of it.
 *
 * <p>The parameters {@code θ} are the field's own (a flat vector of {@link #parameterCount()}
 * values); gradients with respect to them are accumulated into caller-given arrays in that order.
 * Like {@link VectorField}, an implementation keeps no reference to the arrays it is handed and is
 * called from one thread at a time.
 */
public interface DifferentiableField extends VectorField {

    /** The number of parameters {@code θ}; zero for a field without parameters. */
    int parameterCount();

    /**
     * Vector–Jacobian products at {@code (t, y)} with cotangent {@code a}:
     * <pre>
     *   dy      ←  aᵀ ∂f/∂y        (overwritten)
     *   dtheta  +=  aᵀ ∂f/∂θ       (accumulated)
     * </pre>
     *
     * @param t      the time
     * @param y      the state, read only
     * @param a      the cotangent, same length as {@code y}, read only
     * @param dy     receives {@code aᵀ ∂f/∂y}; same length as {@code y}
     * @param dtheta accumulates {@code aᵀ ∂f/∂θ}; length {@link #parameterCount()}
     */
    void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta);

    /**
     * {@link #evaluate} and {@link #vjp} at the same point in one call, which lets an
     * implementation share the forward pass between them (the adjoint's backward solve needs
     * both at every stage).
     */
    default void evaluateAndVjp(double t, double[] y, double[] a, double[] dydt, double[] dy, double[] dtheta) {
        evaluate(t, y, dydt);
        vjp(t, y, a, dy, dtheta);
    }
}
