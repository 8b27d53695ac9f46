package io.tempora.ode;

/**
 * How a {@link RungeKuttaSolver} chooses its steps: the first step of a solve, and after every trial
 * step whether to accept it and what step to try next (diffrax's {@code stepsize_controller}).
 *
 * <p>A controller is an immutable specification, safe to share between threads and solvers (the
 * settings constants of the model hold one). What changes during a solve, such as the previous step's
 * error, lives in a {@link State} that each solver creates once with {@link #newState()} and
 * {@linkplain State#reset() resets} at the start of every solve; a state is used by one solver on one
 * thread and allocates nothing per step.
 *
 * <p>Implementations: {@link PiController} (the default {@linkplain #pi PI controller} and the
 * {@linkplain #integral integral controller}) and {@link ConstantStepController}.
 */
public interface StepSizeController {

    /**
     * Whether the controller reads the error estimate. A solver with a non-adaptive controller computes
     * no error estimate, so its method needs none; an adaptive controller needs a method with an
     * embedded error estimator.
     */
    boolean adaptive();

    /** The largest ratio {@code |h_next / h|} the controller proposes after an accepted step. */
    double maxFactor();

    /**
     * The magnitude of a solve's first step.
     *
     * @param requested the caller's first step (positive and finite), or NaN when the caller asks for none
     * @param automatic the solver's estimate of a good first step, computed only when called (it costs one
     *                  evaluation of the vector field)
     */
    double initialStep(double requested, StartingStep automatic);

    /** A fresh per-solve state for one solver. */
    State newState();

    /** The default controller of {@code tableau}: the {@linkplain #pi PI controller} of its error estimator. */
    static StepSizeController defaultFor(ButcherTableau tableau) {
        if (tableau == null) {
            throw SolverException.invalid("the tableau is null");
        }
        if (!tableau.adaptive()) {
            throw SolverException.invalid(tableau.name() + " has no error estimator: use a constant-step"
                    + " controller, StepSizeController.constant(h)");
        }
        return pi(Math.min(tableau.order(), tableau.embeddedOrder()) + 1);
    }

    /**
     * Hairer's PI controller ({@link PiController#hairer}), the default.
     *
     * @param q one more than the order of the error estimator (5 for a 5(4) pair)
     */
    static PiController pi(int q) {
        return PiController.hairer(q);
    }

    /**
     * The integral controller ({@link PiController#integral}).
     *
     * @param q one more than the order of the error estimator (5 for a 5(4) pair)
     */
    static PiController integral(int q) {
        return PiController.integral(q);
    }

    /**
     * Steps of magnitude {@code h} without error control; the solver shortens a step that would pass a
     * forced time or the end time.
     */
    static ConstantStepController constant(double h) {
        return new ConstantStepController(h);
    }

    /** The solver's automatic first step (Hairer's heuristic), computed on request. */
    @FunctionalInterface
    interface StartingStep {
        /** The estimated first-step magnitude; evaluates the vector field once. */
        double estimate();
    }

    /** The history of one solve. Not thread-safe: one per solver. */
    interface State {

        /** Forgets the previous solve; called at the start of every solve. */
        void reset();

        /**
         * Decides on a trial step and proposes the next one, which {@link #nextStep()} then returns.
         *
         * @param h   the trial step, signed (negative when integrating backwards)
         * @param err the RMS norm of its scaled error estimate (0 for non-adaptive controllers), or +∞ when
         *            the trial produced non-finite values
         * @return whether the step is accepted; if not, the solver retries from the same point with
         *         {@link #nextStep()}
         */
        boolean accept(double h, double err);

        /** The step proposed by the last {@link #accept} call, signed like its {@code h}. */
        double nextStep();
    }
}
