package io.tempora.model;

import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;

/** Solver settings shared by tests that compare against exact values. */
final class TestSettings {

    /** Tight enough that solver error is far below the tests' tolerances. */
    static final SolverSettings TIGHT = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-13));

    private TestSettings() {}
}
