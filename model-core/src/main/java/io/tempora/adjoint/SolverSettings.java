package io.tempora.adjoint;

import io.tempora.ode.ButcherTableau;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.Tolerances;

/**
 * How the gradient methods build their solvers: the method, its tolerances and step bounds. One
 * value serves the forward solve and, for the adjoint, the backward solve of the augmented state
 * (whose dimension differs, so solvers are built per dimension).
 *
 * @param tableau    the Runge–Kutta method
 * @param tolerances the error tolerances (scalar, or per component of the forward state)
 * @param maxStep    the largest step magnitude, or +∞
 * @param fixedStep  a fixed step magnitude (no error control), or NaN for adaptive stepping
 * @param maxSteps   the most steps one solve may take
 */
public record SolverSettings(ButcherTableau tableau, Tolerances tolerances, double maxStep, double fixedStep,
                             long maxSteps) {

    public SolverSettings {
        if (tableau == null || tolerances == null) {
            throw TimeGrid.invalid("solver settings need a tableau and tolerances");
        }
        if (!(maxStep > 0)) {
            throw TimeGrid.invalid("maxStep must be positive, was " + maxStep);
        }
    }

    /** Adaptive stepping with {@code tableau} at the given tolerances, no step bound. */
    public static SolverSettings adaptive(ButcherTableau tableau, Tolerances tolerances) {
        return new SolverSettings(tableau, tolerances, Double.POSITIVE_INFINITY, Double.NaN,
                RungeKuttaSolver.DEFAULT_MAX_STEPS);
    }

    /** These settings with steps no longer than {@code h}. */
    public SolverSettings withMaxStep(double h) {
        return new SolverSettings(tableau, tolerances, h, fixedStep, maxSteps);
    }

    /** These settings with at most {@code n} steps per solve. */
    public SolverSettings withMaxSteps(long n) {
        return new SolverSettings(tableau, tolerances, maxStep, fixedStep, n);
    }

    /** These settings with other tolerances. */
    public SolverSettings withTolerances(Tolerances t) {
        return new SolverSettings(tableau, t, maxStep, fixedStep, maxSteps);
    }

    RungeKuttaSolver build(int dimension, Tolerances tol) {
        RungeKuttaSolver.Builder b = RungeKuttaSolver.builder(tableau).tolerances(tol).maxSteps(maxSteps);
        if (Double.isFinite(maxStep)) {
            b.maxStep(maxStep);
        }
        if (!Double.isNaN(fixedStep)) {
            b.fixedStep(fixedStep);
        }
        return b.build(dimension);
    }
}
