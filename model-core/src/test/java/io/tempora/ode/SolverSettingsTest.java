package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SolverSettingsTest {

    private static final SolverSettings BASE = SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(1e-6, 1e-9));

    @Test
    void adaptiveSettingsHoldTheMethodsDefaultController() {
        // Tsitouras 5(4): an error estimator of order 4, so q = 5.
        assertThat(BASE.controller()).isEqualTo(PiController.hairer(5));
        assertThat(BASE.controller()).isEqualTo(StepSizeController.defaultFor(Tsitouras54.TABLEAU));
        assertThat(BASE.build(1).controller()).isEqualTo(PiController.hairer(5));
        assertThat(SolverSettings.adaptive(BogackiShampine32.TABLEAU, Tolerances.of(1e-6, 1e-9))
                        .controller())
                .isEqualTo(PiController.hairer(3));
    }

    @Test
    void everySettingReachesTheSolverAndSurvivesTheOtherWithers() {
        PiController integral = PiController.integral(5);
        SolverSettings s = BASE.withController(integral)
                .withMaxStep(0.5)
                .withMaxSteps(1000)
                .withTolerances(Tolerances.of(1e-5, 1e-8));
        assertThat(s.controller()).isEqualTo(integral);
        assertThat(s.maxStep()).isEqualTo(0.5);
        assertThat(s.maxSteps()).isEqualTo(1000);
        RungeKuttaSolver solver = s.build(2);
        assertThat(solver.controller()).isEqualTo(integral);
        assertThat(solver.tolerances()).isSameAs(s.tolerances());
        assertThat(solver.tableau()).isSameAs(Tsitouras54.TABLEAU);

        // maxStep: a listener sees no step longer than 0.5; maxSteps: 3 steps cannot cover [0, 20].
        double[] longest = new double[1];
        solver.solve(
                DECAY,
                0,
                new double[] {1, 1},
                20,
                new double[2],
                new SolveStats(),
                (tPrev, yPrev, tNew, yNew, h, dense) -> longest[0] = Math.max(longest[0], Math.abs(h)));
        assertThat(longest[0]).isLessThanOrEqualTo(0.5).isGreaterThan(0.4);
        RungeKuttaSolver few = s.withMaxSteps(3).build(2);
        assertThatThrownBy(() -> few.solve(DECAY, 0, new double[] {1, 1}, 20, new double[2], new SolveStats()))
                .isInstanceOfSatisfying(
                        SolverException.class, e -> assertThat(e.status()).isEqualTo(SolverStatus.MAX_STEPS_EXCEEDED));
    }

    @Test
    void theControllerChangesTheStepsASolveTakes() {
        // y' = −y + sin(3t): smooth, so the two controllers' step sequences differ from the second step on.
        VectorField f = (t, y, dydt) -> dydt[0] = -y[0] + Math.sin(3 * t);
        SolveStats pi = new SolveStats();
        SolveStats integral = new SolveStats();
        double[] y = {1};
        BASE.build(1).solve(f, 0, y, 20, new double[1], pi);
        BASE.withController(PiController.integral(5)).build(1).solve(f, 0, y, 20, new double[1], integral);
        assertThat(integral.evaluations()).isNotEqualTo(pi.evaluations());
    }

    @Test
    void constantStepSettingsTakeStepsOfTheirSize() {
        SolverSettings rk4 = SolverSettings.constantStep(RungeKutta4.TABLEAU, 0.25);
        SolveStats stats = new SolveStats();
        rk4.build(2).solve(DECAY, 0, new double[] {1, 2}, 2, new double[2], stats);
        assertThat(stats.acceptedSteps()).isEqualTo(8);
        assertThat(stats.rejectedSteps()).isZero();
        assertThat(rk4.build(2).adaptive()).isFalse();
    }

    @Test
    void settingsThatCannotMakeASolverAreRefused() {
        assertThatThrownBy(() -> SolverSettings.adaptive(RungeKutta4.TABLEAU, Tolerances.of(1e-6, 1e-6)))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("RK4 has no error estimator");
        SolverSettings rk4 = SolverSettings.constantStep(RungeKutta4.TABLEAU, 0.1);
        assertThatThrownBy(() -> rk4.withController(PiController.hairer(5)))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("has no error estimator for the adaptive");
        assertThatThrownBy(() -> BASE.withController(null))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("need a tableau, tolerances and a step-size");
        assertThatThrownBy(() -> BASE.withMaxStep(0)).hasMessageContaining("maxStep must be positive, was 0.0");
        assertThatThrownBy(() -> BASE.withMaxSteps(0)).hasMessageContaining("maxSteps must be at least 1, was 0");
    }

    private static final VectorField DECAY = (t, y, d) -> {
        for (int i = 0; i < y.length; i++) {
            d[i] = -y[i];
        }
    };
}
