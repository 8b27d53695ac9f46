package io.tempora.adjoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.ode.PiController;
import io.tempora.ode.SolveStats;
import io.tempora.ode.Tolerances;
import io.tempora.ode.Tsitouras54;
import io.tempora.ode.VectorField;
import org.junit.jupiter.api.Test;

class SolverSettingsTest {

    private static final SolverSettings BASE = SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(1e-6, 1e-9));

    @Test
    void withoutAControllerTheSolverKeepsItsDefault() {
        assertThat(BASE.controller()).isNull();
        assertThat(BASE.builder(BASE.tolerances()).build(1).controller()).isEqualTo(PiController.hairer(5));
    }

    @Test
    void aControllerReachesTheSolverAndSurvivesTheOtherWithers() {
        PiController integral = PiController.integral(5);
        SolverSettings s = BASE.withController(integral).withMaxStep(0.5).withMaxSteps(1000)
                .withTolerances(Tolerances.of(1e-5, 1e-8));
        assertThat(s.controller()).isEqualTo(integral);
        assertThat(s.maxStep()).isEqualTo(0.5);
        assertThat(s.builder(s.tolerances()).build(2).controller()).isEqualTo(integral);
        assertThat(s.withController(null).builder(s.tolerances()).build(2).controller()).isEqualTo(PiController.hairer(5));
    }

    @Test
    void theControllerChangesTheStepsASolveTakes() {
        // y' = −y + sin(3t): smooth, so the two controllers' step sequences differ from the second step on.
        VectorField f = (t, y, dydt) -> dydt[0] = -y[0] + Math.sin(3 * t);
        SolveStats pi = new SolveStats();
        SolveStats integral = new SolveStats();
        double[] y = {1};
        BASE.builder(BASE.tolerances()).build(1).solve(f, 0, y, 20, new double[1], pi);
        SolverSettings s = BASE.withController(PiController.integral(5));
        s.builder(s.tolerances()).build(1).solve(f, 0, y, 20, new double[1], integral);
        assertThat(integral.evaluations()).isNotEqualTo(pi.evaluations());
    }
}
