package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DenseOutputAndEventTest {

    private static final VectorField OSCILLATOR = (t, y, d) -> {
        d[0] = y[1];
        d[1] = -y[0];
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void denseOutputMeetsTheToleranceWithoutForcingSteps(ButcherTableau method) {
        double tol = 1e-6;
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, tol, tol, 2);
        double[] times = new double[401];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.025 * i;
        }
        Solution solution = solver.solve(
                OSCILLATOR, 0, new double[] {0, 1}, 10, SolveRequest.none().withOutputTimes(times));
        assertThat(solution.times()).containsExactly(times);
        for (int i = 0; i < times.length; i++) {
            assertThat(solution.states()[i][0]).isCloseTo(Math.sin(times[i]), within(200 * tol));
            assertThat(solution.states()[i][1]).isCloseTo(Math.cos(times[i]), within(200 * tol));
        }
        // Far fewer steps than output times: the outputs are interpolated, not stepped onto.
        assertThat(solution.stats().acceptedSteps()).isLessThan(times.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#all")
    void denseOutputOfOneStepHasTheInterpolantsOrder(ButcherTableau method) {
        // One step of size h from an exact state: the interpolation error at mid-step is O(h^{q+1}) with
        // q = 4 for the quartic interpolants of the 5(4) pairs, 3 for the Hermite ones.
        int q = method.denseCoefficients()[0].length >= 4 ? 4 : Math.min(3, method.order());
        double[] errors = new double[2];
        double[] hs = {0.05, 0.025};
        for (int r = 0; r < 2; r++) {
            double h = hs[r];
            RungeKuttaSolver solver = RungeKuttaSolver.builder(method)
                    .controller(StepSizeController.constant(h))
                    .build(1);
            double[] mid = new double[1];
            solver.solve(
                    (t, y, d) -> d[0] = y[0] * Math.cos(t),
                    0,
                    new double[] {1},
                    h,
                    new double[1],
                    new SolveStats(),
                    (t0, y0, t1, y1, step, dense) -> dense.evaluate(t0 + 0.37 * step, mid));
            errors[r] = Math.abs(mid[0] - Math.exp(Math.sin(0.37 * h)));
        }
        double slope = Math.log(errors[0] / errors[1]) / Math.log(2);
        assertThat(slope).isGreaterThan(Math.min(q, method.order()) + 1 - 0.5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void aRangeOfComponentsHasExactlyTheFullDenseOutputsValues(ButcherTableau method) {
        // Four uncoupled oscillators of different frequencies; ranges at the start, middle and end.
        VectorField field = (t, y, d) -> {
            for (int j = 0; j < 4; j++) {
                d[2 * j] = (j + 1) * y[2 * j + 1];
                d[2 * j + 1] = -(j + 1) * y[2 * j];
            }
        };
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, 1e-6, 1e-6, 8);
        double[] full = new double[8];
        double[] part = new double[8];
        int[][] ranges = {{0, 1}, {3, 6}, {7, 8}, {0, 8}};
        int[] checked = new int[1];
        double[] y0 = {0, 1, 0, 1, 0, 1, 0, 1};
        solver.solve(field, 0, y0, 3, new double[8], new SolveStats(), (t0, ya, t1, yb, step, dense) -> {
            for (double f : new double[] {0.13, 0.5, 0.91}) {
                double t = t0 + f * step;
                dense.evaluate(t, full);
                for (int[] r : ranges) {
                    java.util.Arrays.fill(part, Double.NaN);
                    dense.evaluate(t, part, r[0], r[1]);
                    for (int i = r[0]; i < r[1]; i++) {
                        assertThat(Double.doubleToRawLongBits(part[i])).isEqualTo(Double.doubleToRawLongBits(full[i]));
                    }
                    checked[0]++;
                }
            }
        });
        assertThat(checked[0]).isGreaterThan(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#all")
    void aComponentsPolynomialIsItsInterpolantInTheStepFraction(ButcherTableau method) {
        // Forwards and backwards; the polynomial's value at θ is the interpolation at t0 + θ·step.
        for (double dir : new double[] {1, -1}) {
            RungeKuttaSolver solver = method.adaptive()
                    ? Methods.adaptiveSolver(method, 1e-6, 1e-6, 2)
                    : RungeKuttaSolver.builder(method)
                            .controller(StepSizeController.constant(0.1))
                            .build(2);
            double[] full = new double[2];
            double[] c = new double[method.denseDegree() + 1];
            int[] checked = new int[1];
            solver.solve(
                    OSCILLATOR,
                    0,
                    new double[] {0, 1},
                    dir * 2,
                    new double[2],
                    new SolveStats(),
                    (t0, ya, t1, yb, step, dense) -> {
                        assertThat(dense.degree()).isEqualTo(method.denseDegree());
                        for (int i = 0; i < 2; i++) {
                            int m = dense.polynomial(i, c);
                            assertThat(m).isEqualTo(method.denseDegree());
                            assertThat(c[0]).isEqualTo(ya[i]);
                            for (double theta : new double[] {0.0, 0.21, 0.5, 0.87, 1.0}) {
                                double p = 0;
                                for (int j = m; j >= 0; j--) {
                                    p = p * theta + c[j];
                                }
                                dense.evaluate(t0 + theta * step, full);
                                assertThat(p)
                                        .as("component %d at θ = %s", i, theta)
                                        .isCloseTo(full[i], within(1e-14));
                            }
                            checked[0]++;
                        }
                    });
            assertThat(checked[0]).isGreaterThan(4);
        }
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 2);
        solver.solve(
                OSCILLATOR,
                0,
                new double[] {0, 1},
                1,
                new double[2],
                new SolveStats(),
                (t0, ya, t1, yb, step, dense) -> org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> dense.polynomial(0, new double[2]))
                        .hasMessageContaining("degree 4"));
    }

    @Test
    void denseOutputBackwardsInTime() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-9, 1e-9, 2);
        Solution solution = solver.solve(
                OSCILLATOR,
                5,
                new double[] {Math.sin(5), Math.cos(5)},
                0,
                SolveRequest.none().withOutputTimes(0.5, 4.5, 2.5, 0.0, 5.0));
        assertThat(solution.times()).containsExactly(5.0, 4.5, 2.5, 0.5, 0.0);
        for (int i = 0; i < 5; i++) {
            assertThat(solution.states()[i][0]).isCloseTo(Math.sin(solution.times()[i]), within(1e-7));
        }
        assertThat(solution.endTime()).isZero();
        assertThat(solution.endState()[0]).isCloseTo(0.0, within(1e-7));
    }

    @Test
    void forcedStepTimesAreSteppedOntoExactly() {
        // |t − 1| has a kink at t = 1; y' = sign(t − 1) is discontinuous there. Both conventions for the
        // value exactly at the jump must work: the solver only evaluates strictly on either side of it.
        checkKink((t, y, d) -> d[0] = t < 1 ? -1 : 1);
        checkKink((t, y, d) -> d[0] = t <= 1 ? -1 : 1);
    }

    private static void checkKink(VectorField kink) {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-10, 1e-10, 1);
        List<Double> stepEnds = new ArrayList<>();
        Solution solution = solver.solve(
                kink,
                0,
                new double[] {1},
                2.5,
                SolveRequest.none()
                        .withStepTimes(1.0, 7.0)
                        .withListener((t0, y0, t1, y1, h, dense) -> stepEnds.add(t1)));
        assertThat(stepEnds).contains(1.0, 2.5);
        assertThat(solution.endState()[0]).isCloseTo(1.5, within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void stoppingEventIsLocatedWithinItsTolerance(ButcherTableau method) {
        // A ball thrown up at 3 from height 1 under g = 9.81 lands at t* = (3 + sqrt(9 + 2·9.81)) / 9.81.
        VectorField ball = (t, y, d) -> {
            d[0] = y[1];
            d[1] = -9.81;
        };
        double landing = (3 + Math.sqrt(9 + 2 * 9.81)) / 9.81;
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, 1e-8, 1e-8, 2);
        Solution solution = solver.solve(
                ball,
                0,
                new double[] {1, 3},
                10,
                SolveRequest.none()
                        .withEvent(EventSpec.stopAt((t, y) -> y[0], 1e-10))
                        .withOutputTimes(0.5, 5));
        assertThat(solution.stoppedByEvent()).isTrue();
        assertThat(solution.endTime()).isCloseTo(landing, within(1e-9));
        assertThat(solution.endState()[0]).isCloseTo(0.0, within(1e-7));
        assertThat(solution.events()).hasSize(1);
        assertThat(solution.times()).containsExactly(0.5);
    }

    @Test
    void fixedStepMethodWithoutFsalLocatesEventsOnItsHermiteInterpolant() {
        // The ball's height is quadratic in t: RK4 and its cubic Hermite interpolant are exact for it.
        VectorField ball = (t, y, d) -> {
            d[0] = y[1];
            d[1] = -9.81;
        };
        double landing = (3 + Math.sqrt(9 + 2 * 9.81)) / 9.81;
        RungeKuttaSolver solver = RungeKuttaSolver.builder(RungeKutta4.TABLEAU)
                .controller(StepSizeController.constant(0.05))
                .build(2);
        Solution solution = solver.solve(
                ball,
                0,
                new double[] {1, 3},
                2,
                SolveRequest.none().withEvent(EventSpec.stopAt((t, y) -> y[0], 1e-11)));
        assertThat(solution.endTime()).isCloseTo(landing, within(1e-10));
        assertThat(solution.endState()[1]).isCloseTo(3 - 9.81 * landing, within(1e-9));
        // The interpolant needs f at each step's end, which is the next step's first stage: one extra
        // evaluation per solve (at the end), not per step.
        SolveStats plain = new SolveStats();
        SolveStats listened = new SolveStats();
        solver.solve(ball, 0, new double[] {1, 3}, 0.5, new double[2], plain);
        solver.solve(ball, 0, new double[] {1, 3}, 0.5, new double[2], listened, (a, b, c, d, e, f) -> {});
        assertThat(listened.evaluations()).isEqualTo(plain.evaluations() + 1);
    }

    @Test
    void recordedEventsFindEveryRootForwardsAndBackwards() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(Tsitouras54.TABLEAU, 1e-9, 1e-9, 2);
        EventSpec zeroOfSine = EventSpec.record((t, y) -> y[0], 1e-9);
        Solution forward = solver.solve(
                OSCILLATOR, 0, new double[] {0, 1}, 10, SolveRequest.none().withEvent(zeroOfSine));
        assertThat(forward.events()).extracting(EventOccurrence::time).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(forward.events().get(i).time()).isCloseTo((i + 1) * Math.PI, within(1e-7));
        }
        assertThat(forward.stoppedByEvent()).isFalse();
        assertThat(forward.endTime()).isEqualTo(10.0);

        Solution backward = solver.solve(
                OSCILLATOR,
                10,
                new double[] {Math.sin(10), Math.cos(10)},
                0,
                SolveRequest.none().withEvent(EventSpec.stopAt((t, y) -> y[0], 1e-9)));
        assertThat(backward.endTime()).isCloseTo(3 * Math.PI, within(1e-7));
    }

    @Test
    void listenerSeesContiguousStepsAndMatchingDenseEnds() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 2);
        List<double[]> steps = new ArrayList<>();
        double[] out = new double[2];
        double[] end = new double[2];
        solver.solve(OSCILLATOR, 0, new double[] {0, 1}, 3, end, new SolveStats(), new StepListener() {
            @Override
            public void onStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double h, DenseOutput d) {
                d.evaluate(tNew, out);
                assertThat(Methods.maxAbsDiff(out, yNew)).isLessThan(1e-14);
                d.evaluate(tPrev, out);
                assertThat(Methods.maxAbsDiff(out, yPrev)).isLessThan(1e-15);
                steps.add(new double[] {tPrev, tNew, h});
            }
        });
        assertThat(steps.get(0)[0]).isZero();
        assertThat(steps.get(steps.size() - 1)[1]).isEqualTo(3.0);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i)[0]).isEqualTo(steps.get(i - 1)[1]);
        }
    }
}
