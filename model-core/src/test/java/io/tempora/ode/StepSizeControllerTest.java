package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The controllers' decisions against their formulas, and the solver's adaptive loop against a textbook
 * loop written from the formulas alone (Hairer, Nørsett, Wanner I, §II.4; II, §IV.2): the same steps,
 * bit for bit.
 */
class StepSizeControllerTest {

    private static final double MU = 5;

    /** Van der Pol with μ = 5: its step sizes vary by orders of magnitude, with rejections. */
    private static final VectorField VAN_DER_POL = (t, y, d) -> {
        d[0] = y[1];
        d[1] = MU * (1 - y[0] * y[0]) * y[1] - y[0];
    };

    @Test
    void theStandardControllersHaveTheirPublishedGains() {
        PiController pi = StepSizeController.pi(5);
        assertThat(pi.beta()).isEqualTo(0.04);
        assertThat(pi.alpha()).isCloseTo(0.2 - 0.75 * 0.04, within(1e-17));
        assertThat(pi.safety()).isEqualTo(0.9);
        assertThat(pi.minFactor()).isEqualTo(0.2);
        assertThat(pi.maxFactor()).isEqualTo(10);
        PiController integral = StepSizeController.integral(5);
        assertThat(integral.alpha()).isEqualTo(0.2);
        assertThat(integral.beta()).isZero();
        assertThat(StepSizeController.constant(0.5).maxFactor()).isEqualTo(1);
        assertThat(StepSizeController.defaultFor(DormandPrince54.TABLEAU)).isEqualTo(pi);
    }

    @Test
    void thePiControllerAcceptsUpToErrorOneAndScalesByItsFormula() {
        PiController pi = new PiController(0.17, 0.04, 0.9, 0.2, 10);
        StepSizeController.State state = pi.newState();
        state.reset();
        // First step: no history (errPrev = 1), so only the integral part.
        assertThat(state.accept(0.1, 0.5)).isTrue();
        assertThat(state.nextStep()).isEqualTo(0.1 * (0.9 * Math.pow(0.5, -0.17)));
        // Second step: the proportional part sees the first step's error.
        assertThat(state.accept(0.2, 0.25)).isTrue();
        assertThat(state.nextStep()).isEqualTo(0.2 * (0.9 * Math.pow(0.25, -0.17) * Math.pow(0.5, 0.04)));
        // Rejected: the integral part only, never growing.
        assertThat(state.accept(0.3, 4)).isFalse();
        assertThat(state.nextStep()).isEqualTo(0.3 * (0.9 * Math.pow(4, -0.17)));
        // Accepted right after a rejection: no growth even for a tiny error.
        assertThat(state.accept(0.1, 1e-8)).isTrue();
        assertThat(state.nextStep()).isEqualTo(0.1);
        // A tiny error afterwards: growth capped at maxFactor; a huge one: shrinking floored at minFactor.
        assertThat(state.accept(0.1, 1e-12)).isTrue();
        assertThat(state.nextStep()).isEqualTo(0.1 * 10);
        assertThat(state.accept(-0.1, 1e12)).isFalse();
        assertThat(state.nextStep()).isEqualTo(-0.1 * 0.2);
        // A non-finite trial step (err = +∞) shrinks by minFactor.
        assertThat(state.accept(0.5, Double.POSITIVE_INFINITY)).isFalse();
        assertThat(state.nextStep()).isEqualTo(0.5 * 0.2);
        // Exactly 1 is accepted.
        assertThat(state.accept(0.5, 1)).isTrue();
    }

    @Test
    void resetForgetsTheHistory() {
        PiController pi = StepSizeController.pi(5);
        StepSizeController.State used = pi.newState();
        used.reset();
        used.accept(0.1, 0.01);
        used.accept(0.1, 3);
        used.reset();
        StepSizeController.State fresh = pi.newState();
        fresh.reset();
        assertThat(used.accept(0.1, 0.3)).isEqualTo(fresh.accept(0.1, 0.3));
        assertThat(used.nextStep()).isEqualTo(fresh.nextStep());
    }

    @Test
    void aSolverReusedAfterAnotherSolveStepsAsAFreshOne() {
        SolverSettings settings = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-6, 1e-6));
        RungeKuttaSolver reused = settings.build(2);
        // A solve that ends right after a rejection, leaving history behind.
        reused.solve(VAN_DER_POL, 0, new double[] {2, 0}, 3.7, new double[2], new SolveStats());
        List<Double> again = steps(reused);
        List<Double> fresh = steps(settings.build(2));
        assertThat(again).isEqualTo(fresh);
    }

    private static List<Double> steps(RungeKuttaSolver solver) {
        List<Double> steps = new ArrayList<>();
        solver.solve(
                VAN_DER_POL,
                0,
                new double[] {1, 1},
                2,
                new double[2],
                new SolveStats(),
                (tPrev, yPrev, tNew, yNew, h, dense) -> steps.add(h));
        return steps;
    }

    @Test
    void aConstantStepControllerTakesItsStepAndShortensOnlyTheLast() {
        RungeKuttaSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .controller(StepSizeController.constant(0.3))
                .initialStep(0.01)
                .build(2);
        assertThat(solver.adaptive()).isFalse();
        List<Double> steps = new ArrayList<>();
        SolveStats stats = new SolveStats();
        solver.solve(
                VAN_DER_POL,
                0,
                new double[] {2, 0},
                -1,
                new double[2],
                stats,
                (tPrev, yPrev, tNew, yNew, h, dense) -> steps.add(h));
        assertThat(steps).hasSize(4).startsWith(-0.3, -0.3, -0.3);
        assertThat(steps.get(3)).isCloseTo(-0.1, within(1e-15));
        assertThat(stats.rejectedSteps()).isZero();
        assertThat(stats.lastStepSize()).isEqualTo(-0.3);
    }

    static Stream<Arguments> adaptiveCases() {
        return Methods.adaptive().stream().flatMap(tableau -> {
            int q = Math.min(tableau.order(), tableau.embeddedOrder()) + 1;
            return Stream.of(
                    Arguments.of(tableau, StepSizeController.pi(q)),
                    Arguments.of(tableau, StepSizeController.integral(q)));
        });
    }

    /** A nonlinear field of any size: 11 components take the stage sums' multi-stage passes. */
    private static final VectorField COUPLED = (t, y, dydt) -> {
        for (int i = 0; i < y.length; i++) {
            dydt[i] = Math.sin(y[(i + 1) % y.length]) - 0.3 * y[i] + Math.cos(t * (i + 1));
        }
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adaptiveCases")
    void theAdaptiveLoopTakesTheTextbookSteps(ButcherTableau tableau, PiController controller) {
        double[] small = {2, 0};
        double[] large = new double[StageArithmetic.PASS_MIN_DIMENSION + 3];
        for (int i = 0; i < large.length; i++) {
            large[i] = Math.sin(1.7 * i) + 0.1;
        }
        for (int dir : new int[] {1, -1}) {
            compare(tableau, controller, VAN_DER_POL, small, 6.0 * dir);
            compare(tableau, controller, COUPLED, large, 6.0 * dir);
        }
    }

    private static void compare(
            ButcherTableau tableau, PiController controller, VectorField f, double[] y0, double t1) {
        double h0 = 2; // far too large: the first steps are rejected
        double rtol = 1e-7;
        double atol = 1e-9;
        List<double[]> ours = new ArrayList<>();
        SolveStats stats = new SolveStats();
        RungeKuttaSolver solver = RungeKuttaSolver.builder(tableau)
                .tolerances(Tolerances.of(rtol, atol))
                .controller(controller)
                .initialStep(h0)
                .build(y0.length);
        solver.solve(f, 0, y0, t1, new double[y0.length], stats, (tPrev, yPrev, tNew, yNew, h, dense) -> {
            double[] step = new double[2 + yNew.length];
            step[0] = tNew;
            step[1] = h;
            System.arraycopy(yNew, 0, step, 2, yNew.length);
            ours.add(step);
        });

        Textbook expected = textbook(tableau, controller, f, rtol, atol, y0, t1, h0);
        String what = tableau.name() + " n=" + y0.length + " t1=" + t1;
        assertThat(expected.rejected)
                .as("the comparison covers rejections: %s", what)
                .isGreaterThan(0);
        assertThat(stats.rejectedSteps()).as(what).isEqualTo(expected.rejected);
        assertThat(ours).as(what).hasSameSizeAs(expected.accepted);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("%s step %d", what, i).containsExactly(expected.accepted.get(i));
        }
    }

    private record Textbook(List<double[]> accepted, long rejected) {}

    /**
     * The embedded pair with the PI controller written out from the formulas: stage sums one stage at a
     * time (zero weights skipped), the error {@code h Σ e_i k_i} measured in the mixed RMS norm, a step
     * stretched onto the end when within 1% of it.
     */
    private static Textbook textbook(
            ButcherTableau tab,
            PiController c,
            VectorField f,
            double rtol,
            double atol,
            double[] y0,
            double t1,
            double h0) {
        int n = y0.length;
        int s = tab.stages();
        double[][] a = tab.a();
        double[] b = tab.b();
        double[] bh = tab.bHat();
        double[] nodes = tab.c();
        double dir = Math.signum(t1);
        double[][] k = new double[s][n];
        double[] y = y0.clone();
        double t = 0;
        double h = dir * h0;
        double errPrev = 1;
        boolean rejectedLast = false;
        long rejected = 0;
        List<double[]> accepted = new ArrayList<>();
        f.evaluate(t, y, k[0]);
        while (true) {
            boolean last = (t + 1.01 * h - t1) * dir >= 0;
            if (last) {
                h = t1 - t;
            }
            double[] stage = new double[n];
            for (int i = 1; i < s; i++) {
                System.arraycopy(y, 0, stage, 0, n);
                for (int l = 0; l < i; l++) {
                    double hw = h * a[i][l];
                    if (hw != 0) {
                        for (int j = 0; j < n; j++) {
                            stage[j] += hw * k[l][j];
                        }
                    }
                }
                double ti = t + nodes[i] * h;
                if ((ti - t1) * dir > 0) {
                    ti = t1;
                }
                f.evaluate(ti, stage, k[i]);
            }
            double[] yNew = y.clone();
            for (int l = 0; l < s; l++) {
                double hw = h * b[l];
                if (hw != 0) {
                    for (int j = 0; j < n; j++) {
                        yNew[j] += hw * k[l][j];
                    }
                }
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                double e = 0;
                for (int l = 0; l < s; l++) {
                    if (b[l] - bh[l] != 0) {
                        e += (b[l] - bh[l]) * k[l][j];
                    }
                }
                double r = h * e / (atol + rtol * Math.max(Math.abs(y[j]), Math.abs(yNew[j])));
                sum += r * r;
            }
            double err = Math.sqrt(sum / n);
            if (err > 1) {
                rejected++;
                rejectedLast = true;
                h *= Math.max(c.minFactor(), Math.min(1, c.safety() * Math.pow(err, -c.alpha())));
                continue;
            }
            double factor = c.safety() * Math.pow(err, -c.alpha()) * (c.beta() == 0 ? 1 : Math.pow(errPrev, c.beta()));
            factor = Math.max(c.minFactor(), Math.min(rejectedLast ? 1 : c.maxFactor(), factor));
            errPrev = Math.max(err, 1e-4);
            rejectedLast = false;
            t = last ? t1 : t + h;
            double[] step = new double[2 + n];
            step[0] = t;
            step[1] = h;
            System.arraycopy(yNew, 0, step, 2, n);
            accepted.add(step);
            y = yNew;
            if (last) {
                return new Textbook(accepted, rejected);
            }
            if (tab.fsal()) {
                double[] swap = k[0];
                k[0] = k[s - 1];
                k[s - 1] = swap;
            } else {
                f.evaluate(t, y, k[0]);
            }
            h *= factor;
        }
    }
}
