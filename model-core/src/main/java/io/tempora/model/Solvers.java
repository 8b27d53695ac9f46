package io.tempora.model;

import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolverSettings;

/** Builds the scorer's solvers from their settings. */
final class Solvers {

    private Solvers() {}

    /** A solver of dimension {@code dim} with {@code settings}, starting each solve with {@code firstStep} unless NaN. */
    static RungeKuttaSolver build(SolverSettings settings, int dim, double firstStep) {
        RungeKuttaSolver.Builder b = settings.builder();
        if (!Double.isNaN(firstStep)) {
            b.initialStep(firstStep);
        }
        return b.build(dim);
    }
}
