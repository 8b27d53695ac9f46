package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every failure is typed, names where it happened and says what to try. */
class FailureTest {

    private static final VectorField DECAY = (t, y, d) -> d[0] = -y[0];

    private static SolverException solveExpectingFailure(
            RungeKuttaSolver solver, VectorField f, double t0, double[] y0, double t1) {
        return catchThrowableOfType(
                SolverException.class, () -> solver.solve(f, t0, y0, t1, new double[y0.length], new SolveStats()));
    }

    @Test
    void maxStepsExceeded() {
        RungeKuttaSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-10, 1e-10))
                .maxSteps(20)
                .build(2);
        VectorField fast = (t, y, d) -> {
            d[0] = 50 * y[1];
            d[1] = -50 * y[0];
        };
        SolverException e = solveExpectingFailure(solver, fast, 0, new double[] {1, 0}, 10);
        assertThat(e.status()).isEqualTo(SolverStatus.MAX_STEPS_EXCEEDED);
        assertThat(e.time()).isBetween(0.0, 10.0);
        assertThat(e.getMessage()).contains("took 20 steps", "reached t = ", "raise maxSteps");
    }

    @Test
    void stepSizeUnderflowAtABlowUp() {
        // y' = y², y(0) = 1 has y = 1/(1 − t): it blows up at t = 1, where the steps shrink to nothing.
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 1);
        SolverException e = solveExpectingFailure(solver, (t, y, d) -> d[0] = y[0] * y[0], 0, new double[] {1}, 2);
        assertThat(e.status()).isEqualTo(SolverStatus.STEP_SIZE_UNDERFLOW);
        assertThat(e.time()).isCloseTo(1.0, within(1e-3));
        assertThat(e.getMessage()).contains("too small to advance t = 1.0", "blow up");
    }

    @Test
    void nonFiniteDerivativeAtTheStart() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 3);
        SolverException e = solveExpectingFailure(
                solver,
                (t, y, d) -> {
                    d[0] = 0;
                    d[1] = Math.log(y[1] - 1);
                    d[2] = 0;
                },
                0.25,
                new double[] {1, 0.5, 1},
                1);
        assertThat(e.status()).isEqualTo(SolverStatus.NON_FINITE_DERIVATIVE);
        assertThat(e.component()).isEqualTo(1);
        assertThat(e.time()).isEqualTo(0.25);
        assertThat(e.getMessage()).contains("dy/dt[1] = NaN at t = 0.25", "check the vector field");
    }

    @Test
    void nonFiniteDerivativeAlongTheWayIsNotSilent() {
        // f turns NaN for t > 0.5 in component 0: the solver shrinks the step, then reports where.
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 2);
        SolverException e = solveExpectingFailure(
                solver,
                (t, y, d) -> {
                    d[0] = Math.sqrt(0.5 - t);
                    d[1] = -y[1];
                },
                0,
                new double[] {0, 1},
                1);
        assertThat(e.status()).isEqualTo(SolverStatus.NON_FINITE_DERIVATIVE);
        assertThat(e.component()).isZero();
        assertThat(e.time()).isCloseTo(0.5, within(1e-6));
        assertThat(e.getMessage()).contains("dy/dt[0]");
    }

    @Test
    void nonFiniteStateInAFixedStepSolve() {
        RungeKuttaSolver solver = RungeKuttaSolver.builder(Euler.TABLEAU)
                .controller(StepSizeController.constant(10))
                .build(2);
        SolverException e = solveExpectingFailure(
                solver,
                (t, y, d) -> {
                    d[0] = 0;
                    d[1] = 1e308;
                },
                0,
                new double[] {0, 0},
                100);
        assertThat(e.status()).isEqualTo(SolverStatus.NON_FINITE_STATE);
        assertThat(e.component()).isEqualTo(1);
        assertThat(e.time()).isEqualTo(10.0);
        assertThat(e.getMessage()).contains("y[1] became non-finite at t = 10.0");
    }

    @Test
    void nonFiniteInitialState() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 2);
        SolverException e = solveExpectingFailure(solver, DECAY, 0, new double[] {1, Double.NaN}, 1);
        assertThat(e.status()).isEqualTo(SolverStatus.NON_FINITE_STATE);
        assertThat(e.component()).isEqualTo(1);
        assertThat(e.getMessage()).contains("y0[1] is NaN");
    }

    @Test
    void invalidArguments() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 1);
        assertInvalid(
                () -> solver.solve(DECAY, 0, new double[0], 1, new double[0], new SolveStats()),
                "initial state is empty");
        assertInvalid(
                () -> solver.solve(DECAY, Double.NaN, new double[] {1}, 1, new double[1], new SolveStats()),
                "time interval must be finite");
        assertInvalid(
                () -> solver.solve(DECAY, 0, new double[] {1, 2}, 1, new double[2], new SolveStats()),
                "built for dimension 1");
        assertInvalid(
                () -> solver.solve(DECAY, 0, new double[] {1}, 1, new double[2], new SolveStats()),
                "output array must have length 1");
        assertInvalid(() -> Tolerances.of(0, 1e-6), "rtol must be positive and finite, was 0.0");
        assertInvalid(() -> Tolerances.of(1e-6, -1), "atol must be positive");
        assertInvalid(
                () -> Tolerances.perComponent(new double[] {1e-6, Double.NaN}, new double[] {1, 1}),
                "rtol[1] must be positive");
        assertInvalid(
                () -> RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                        .tolerances(Tolerances.of(1e-6, 1e-6).excluding(0))
                        .build(1),
                "every component is excluded");
        assertInvalid(
                () -> RungeKuttaSolver.builder(RungeKutta4.TABLEAU).build(1),
                "RK4 has no error estimator: use a constant-step controller");
        assertInvalid(
                () -> RungeKuttaSolver.builder(RungeKutta4.TABLEAU)
                        .controller(PiController.integral(5))
                        .build(1),
                "has no error estimator for the adaptive controller");
        assertInvalid(() -> StepSizeController.constant(0), "the constant step must be positive and finite, was 0.0");
        assertInvalid(() -> StepSizeController.constant(Double.POSITIVE_INFINITY), "must be positive and finite");
        assertInvalid(() -> RungeKuttaSolver.builder(DormandPrince54.TABLEAU).controller(null), "controller is null");
        assertInvalid(
                () -> solver.solve(
                        DECAY, 0, new double[] {1}, 1, SolveRequest.none().withOutputTimes(2)),
                "output time 2.0 is outside");
        assertInvalid(() -> new PiController(0.2, 0.3, 0.9, 0.2, 10), "beta must be in [0, alpha)");
    }

    private static void assertInvalid(Runnable call, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOf(SolverException.class)
                .hasMessageContaining(messagePart)
                .hasMessageContaining("try:")
                .satisfies(e -> assertThat(((SolverException) e).status()).isEqualTo(SolverStatus.INVALID_ARGUMENT));
    }
}
