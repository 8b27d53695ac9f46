package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Adaptive solves of problems with known solutions, forwards and backwards in time. */
class ExactSolutionTest {

    /** A linear problem y' = M y with its exact flow y(t) = exp(M (t − t0)) y0. */
    record Linear(String name, VectorField field, BiConsumer<Double, double[]> flowOfUnitTime, double[] y0) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Linear> problems() {
        List<Linear> list = new ArrayList<>();
        list.add(new Linear("y'=-y", (t, y, d) -> d[0] = -y[0], (dt, y) -> y[0] *= Math.exp(-dt), new double[] {1}));
        for (double lambda : new double[] {-3, -0.5, 0.5, 1.5}) {
            list.add(new Linear(
                    "y'=" + lambda + "y",
                    (t, y, d) -> d[0] = lambda * y[0],
                    (dt, y) -> y[0] *= Math.exp(lambda * dt),
                    new double[] {2}));
        }
        list.add(new Linear(
                "harmonic oscillator",
                (t, y, d) -> {
                    d[0] = y[1];
                    d[1] = -y[0];
                },
                (dt, y) -> {
                    double c = Math.cos(dt);
                    double s = Math.sin(dt);
                    double p = y[0];
                    double v = y[1];
                    y[0] = c * p + s * v;
                    y[1] = -s * p + c * v;
                },
                new double[] {1, 0.5}));
        // M = [[-1, 2, 0], [-2, -1, 0], [0, 0, -0.3]]: exp(M t) = blockdiag(e^{-t} R(2t), e^{-0.3 t}).
        list.add(new Linear(
                "3x3 linear system",
                (t, y, d) -> {
                    d[0] = -y[0] + 2 * y[1];
                    d[1] = -2 * y[0] - y[1];
                    d[2] = -0.3 * y[2];
                },
                (dt, y) -> {
                    double decay = Math.exp(-dt);
                    double c = Math.cos(2 * dt);
                    double s = Math.sin(2 * dt);
                    double p = y[0];
                    double q = y[1];
                    y[0] = decay * (c * p + s * q);
                    y[1] = decay * (-s * p + c * q);
                    y[2] *= Math.exp(-0.3 * dt);
                },
                new double[] {1, -1, 3}));
        return list;
    }

    static Stream<Arguments> cases() {
        return Methods.adaptive().stream().flatMap(m -> problems().stream()
                .flatMap(p -> Stream.of(
                        Arguments.of(m, p, 0.0, 3.0), Arguments.of(m, p, 3.0, 0.0), Arguments.of(m, p, -1.0, -2.5))));
    }

    @ParameterizedTest(name = "{0} {1} [{2} -> {3}]")
    @MethodSource("cases")
    void adaptiveSolveMatchesTheExactFlow(ButcherTableau method, Linear problem, double t0, double t1) {
        double tol = 1e-8;
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, tol, tol, problem.y0().length);
        double[] y1 = new double[problem.y0().length];
        SolveStats stats = new SolveStats();
        solver.solve(problem.field(), t0, problem.y0(), t1, y1, stats);
        double[] exact = problem.y0().clone();
        problem.flowOfUnitTime().accept(t1 - t0, exact);
        double scale = 0;
        for (double v : exact) {
            scale = Math.max(scale, Math.abs(v));
        }
        // Global error of a tolerance-proportional method: a small multiple of tol over a few time units.
        assertThat(Methods.maxAbsDiff(y1, exact)).isLessThan(100 * tol * Math.max(1, scale));
        assertThat(stats.acceptedSteps()).isPositive();
        assertThat(stats.evaluations())
                .isGreaterThanOrEqualTo((stats.acceptedSteps() + stats.rejectedSteps()) * (method.stages() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void globalErrorShrinksWithTolerance(ButcherTableau method) {
        Linear oscillator = problems().get(5);
        double[] exact = oscillator.y0().clone();
        oscillator.flowOfUnitTime().accept(10.0, exact);
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
            RungeKuttaSolver solver = Methods.adaptiveSolver(method, tol, tol, 2);
            double[] y1 = new double[2];
            solver.solve(oscillator.field(), 0, oscillator.y0(), 10, y1, new SolveStats());
            double err = Methods.maxAbsDiff(y1, exact);
            assertThat(err).isLessThan(previous / 5).isLessThan(200 * tol);
            previous = err;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void forwardThenBackwardReturnsToTheStart(ButcherTableau method) {
        VectorField vanDerPol = (t, y, d) -> {
            d[0] = y[1];
            d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
        };
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, 1e-10, 1e-10, 2);
        double[] y0 = {2, 0};
        double[] y1 = new double[2];
        double[] back = new double[2];
        solver.solve(vanDerPol, 0, y0, 3, y1, new SolveStats());
        solver.solve(vanDerPol, 3, y1, 0, back, new SolveStats());
        assertThat(Methods.maxAbsDiff(back, y0)).isLessThan(1e-6);
    }
}
