package io.tempora.ode;

/**
 * Observes every accepted step of a solve, in order. Used for checkpointing (the adjoint), for
 * recording the steps to backpropagate through them (with {@link ButcherTableau} the stages can
 * be recomputed from {@code (tPrev, yPrev, h)}), and for sampling through the dense output.
 *
 * <p>The arrays and the dense output are the solver's workspace: read them during the call, copy
 * what you need, never modify or keep them.
 *
 * <p>Recomputing a step: {@code k_i = f(tPrev + c_i h, yPrev + h Σ_j a_ij k_j)} and
 * {@code yNew = yPrev + h Σ b_i k_i} reproduce the step to rounding, with one exception: on a step
 * that ends on a forced step time ({@link SolveRequest#stepTimes()}) stage times equal to that time
 * were moved one ulp before it.
 */
@FunctionalInterface
public interface StepListener {

    /** Called once before the first step, with the initial time and state. No-op by default. */
    default void onStart(double t0, double[] y0, double t1) {}

    /**
     * Called after every accepted step.
     *
     * @param tPrev the step's start time
     * @param yPrev the state at {@code tPrev}
     * @param tNew  the step's end time ({@code tPrev + h}, snapped exactly onto forced or final times)
     * @param yNew  the state at {@code tNew}
     * @param h     the step size used to compute the stages (negative when integrating backwards)
     * @param dense the interpolant on {@code [tPrev, tNew]}
     */
    void onStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double h, DenseOutput dense);

    /**
     * Asked after every {@link #onStep} of a listener solve
     * ({@link RungeKuttaSolver#solve(VectorField, double, double[], double, double[], SolveStats, StepListener)}):
     * {@code true} ends the solve at the end of that step, which then writes the state there into
     * its output and calls {@link #onEnd} with that time. Lets a caller stop once the rest of the
     * solution is known in closed form. The rich solve does not ask (it stops through
     * {@link EventSpec}). {@code false} by default.
     */
    default boolean stopAfterStep() {
        return false;
    }

    /** Called once after the last step, with the final time and state. No-op by default. */
    default void onEnd(double t, double[] y) {}
}
