package io.tempora.ode;

/**
 * The right-hand side {@code f} of an ordinary differential equation {@code dy/dt = f(t, y)} on a
 * plain {@code double[]} state.
 *
 * <p>Contract: {@link #evaluate} writes {@code f(t, y)} into {@code dydt}, which has the same length
 * as {@code y}; it must read {@code y} only, write every component of {@code dydt}, and keep no
 * reference to either array after returning (the solver reuses both as workspace). The dimension of
 * the system is the length of the initial state handed to the solver. Implementations called from
 * one solver are called from one thread at a time.
 */
@FunctionalInterface
public interface VectorField {

    /**
     * Writes {@code dy/dt = f(t, y)} into {@code dydt}.
     *
     * @param t    the time
     * @param y    the state, read only
     * @param dydt receives the derivative; same length as {@code y}
     */
    void evaluate(double t, double[] y, double[] dydt);
}
