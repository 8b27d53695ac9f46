package io.tempora.ode;

/**
 * A solver configuration as a value: the method, its tolerances, step bounds and step-size
 * controller, from which {@link #build(int)} makes a solver for a state dimension. One value serves
 * solves of several dimensions (the adjoint's forward and augmented backward solves) and, being
 * immutable, several threads: each builds its own solvers from it.
 *
 * @param tableau    the Runge–Kutta method
 * @param tolerances the error tolerances (scalar, or per component of the state); unused by a
 *                   constant-step controller
 * @param maxStep    the largest step magnitude, or +∞
 * @param maxSteps   the most steps (accepted plus rejected) one solve may take
 * @param controller the step-size controller; an adaptive one needs a method with an error estimator
 */
public record SolverSettings(
        ButcherTableau tableau, Tolerances tolerances, double maxStep, long maxSteps, StepSizeController controller) {

    /** Validates the settings, so that every solver built from them is valid. */
    public SolverSettings {
        if (tableau == null || tolerances == null || controller == null) {
            throw SolverException.invalid("solver settings need a tableau, tolerances and a step-size controller,"
                    + " got " + tableau + ", " + tolerances + ", " + controller);
        }
        if (!(maxStep > 0)) {
            throw SolverException.invalid("maxStep must be positive, was " + maxStep);
        }
        if (maxSteps < 1) {
            throw SolverException.invalid("maxSteps must be at least 1, was " + maxSteps);
        }
        if (controller.adaptive() && !tableau.adaptive()) {
            throw SolverException.invalid(tableau.name() + " has no error estimator for the adaptive controller "
                    + controller + ": use a constant-step controller, StepSizeController.constant(h)");
        }
    }

    /**
     * Adaptive stepping with {@code tableau} at the given tolerances under its
     * {@linkplain StepSizeController#defaultFor default controller}, no step bound, at most
     * {@link RungeKuttaSolver#DEFAULT_MAX_STEPS} steps.
     */
    public static SolverSettings adaptive(ButcherTableau tableau, Tolerances tolerances) {
        return new SolverSettings(
                tableau,
                tolerances,
                Double.POSITIVE_INFINITY,
                RungeKuttaSolver.DEFAULT_MAX_STEPS,
                StepSizeController.defaultFor(tableau));
    }

    /** Steps of magnitude {@code h} with {@code tableau}, without error control. */
    public static SolverSettings constantStep(ButcherTableau tableau, double h) {
        return new SolverSettings(
                tableau,
                RungeKuttaSolver.DEFAULT_TOLERANCES,
                Double.POSITIVE_INFINITY,
                RungeKuttaSolver.DEFAULT_MAX_STEPS,
                StepSizeController.constant(h));
    }

    /** These settings with steps no longer than {@code h}. */
    public SolverSettings withMaxStep(double h) {
        return new SolverSettings(tableau, tolerances, h, maxSteps, controller);
    }

    /** These settings with at most {@code n} steps per solve. */
    public SolverSettings withMaxSteps(long n) {
        return new SolverSettings(tableau, tolerances, maxStep, n, controller);
    }

    /** These settings with other tolerances. */
    public SolverSettings withTolerances(Tolerances t) {
        return new SolverSettings(tableau, t, maxStep, maxSteps, controller);
    }

    /** These settings with another step-size controller. */
    public SolverSettings withController(StepSizeController c) {
        return new SolverSettings(tableau, tolerances, maxStep, maxSteps, c);
    }

    /**
     * A solver builder with these settings, for a caller that adds what else it needs (e.g. an initial
     * step) and builds it for its dimension.
     */
    public RungeKuttaSolver.Builder builder() {
        return RungeKuttaSolver.builder(tableau)
                .tolerances(tolerances)
                .maxStep(maxStep)
                .maxSteps(maxSteps)
                .controller(controller);
    }

    /** A solver with these settings for states of {@code dimension} components. */
    public RungeKuttaSolver build(int dimension) {
        return builder().build(dimension);
    }
}
