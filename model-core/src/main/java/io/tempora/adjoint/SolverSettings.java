package io.tempora.adjoint;

import io.tempora.ode.ButcherTableau;
import io.tempora.ode.PiController;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.Tolerances;

/**
 * How the gradient methods build their solvers: the method, its tolerances, step bounds and step-size
 * controller. One value serves the forward solve and, for the adjoint, the backward solve of the
 * augmented state (whose dimension differs, so solvers are built per dimension).
 *
 * @param tableau    the Runge–Kutta method
 * @param tolerances the error tolerances (scalar, or per component of the forward state)
 * @param maxStep    the largest step magnitude, or +∞
 * @param fixedStep  a fixed step magnitude (no error control), or NaN for adaptive stepping
 * @param maxSteps   the most steps one solve may take
 * @param controller the step-size controller of adaptive solves, or null for the solver's default
 *                   ({@link PiController#hairer} for the method's error estimator)
 */
public record SolverSettings(ButcherTableau tableau, Tolerances tolerances, double maxStep, double fixedStep,
                             long maxSteps, PiController controller) {

    public SolverSettings {
        if (tableau == null || tolerances == null) {
            throw TimeGrid.invalid("solver settings need a tableau and tolerances");
        }
        if (!(maxStep > 0)) {
            throw TimeGrid.invalid("maxStep must be positive, was " + maxStep);
        }
    }

    /** Settings with the solver's default controller. */
    public SolverSettings(ButcherTableau tableau, Tolerances tolerances, double maxStep, double fixedStep,
                          long maxSteps) {
        this(tableau, tolerances, maxStep, fixedStep, maxSteps, null);
    }

    /** Adaptive stepping with {@code tableau} at the given tolerances, no step bound. */
    public static SolverSettings adaptive(ButcherTableau tableau, Tolerances tolerances) {
        return new SolverSettings(tableau, tolerances, Double.POSITIVE_INFINITY, Double.NaN,
                RungeKuttaSolver.DEFAULT_MAX_STEPS);
    }

    /** These settings with steps no longer than {@code h}. */
    public SolverSettings withMaxStep(double h) {
        return new SolverSettings(tableau, tolerances, h, fixedStep, maxSteps, controller);
    }

    /** These settings with at most {@code n} steps per solve. */
    public SolverSettings withMaxSteps(long n) {
        return new SolverSettings(tableau, tolerances, maxStep, fixedStep, n, controller);
    }

    /** These settings with other tolerances. */
    public SolverSettings withTolerances(Tolerances t) {
        return new SolverSettings(tableau, t, maxStep, fixedStep, maxSteps, controller);
    }

    /** These settings with another step-size controller (null: the solver's default). */
    public SolverSettings withController(PiController c) {
        return new SolverSettings(tableau, tolerances, maxStep, fixedStep, maxSteps, c);
    }

    /**
     * A solver builder for these settings: method, tolerances {@code tol}, step bounds, controller (the
     * caller adds what else it needs, e.g. an initial step, and builds it for its dimension).
     */
    public RungeKuttaSolver.Builder builder(Tolerances tol) {
        RungeKuttaSolver.Builder b = RungeKuttaSolver.builder(tableau).tolerances(tol).maxSteps(maxSteps);
        if (controller != null) {
            b.controller(controller);
        }
        if (Double.isFinite(maxStep)) {
            b.maxStep(maxStep);
        }
        if (!Double.isNaN(fixedStep)) {
            b.fixedStep(fixedStep);
        }
        return b;
    }

    RungeKuttaSolver build(int dimension, Tolerances tol) {
        return builder(tol).build(dimension);
    }
}
