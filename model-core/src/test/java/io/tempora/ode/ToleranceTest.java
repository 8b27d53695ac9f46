package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    // Component 0: slow decay, the quantity we care about. Component 1: a fast oscillation driven by
    // nothing we need accurately (think of the adjoint's parameter-gradient components).
    private static final VectorField SLOW_AND_FAST = (t, y, d) -> {
        d[0] = -0.5 * y[0];
        d[1] = 40 * Math.cos(40 * t);
    };

    @Test
    void seminormIgnoresExcludedComponentsAndSavesSteps() {
        double[] y0 = {1, 0};
        SolveStats full = new SolveStats();
        SolveStats semi = new SolveStats();
        double[] yFull = new double[2];
        double[] ySemi = new double[2];
        RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-8, 1e-8))
                .build(2)
                .solve(SLOW_AND_FAST, 0, y0, 5, yFull, full);
        RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-8, 1e-8).excluding(1))
                .build(2)
                .solve(SLOW_AND_FAST, 0, y0, 5, ySemi, semi);
        assertThat(semi.evaluations()).isLessThan(full.evaluations() / 3);
        assertThat(ySemi[0]).isCloseTo(Math.exp(-2.5), within(1e-7));
        assertThat(yFull[1]).isCloseTo(Math.sin(200), within(1e-6));
    }

    @Test
    void perComponentTolerancesControlEachComponent() {
        // Tight on the slow component, loose on the fast one: the slow one stays accurate.
        RungeKuttaSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.perComponent(new double[] {1e-10, 1e-2}, new double[] {1e-10, 1e-2}))
                .build(2);
        double[] y1 = new double[2];
        SolveStats stats = new SolveStats();
        solver.solve(SLOW_AND_FAST, 0, new double[] {1, 0}, 5, y1, stats);
        assertThat(y1[0]).isCloseTo(Math.exp(-2.5), within(1e-8));
        assertThat(y1[1]).isCloseTo(Math.sin(200), within(0.5));
        SolveStats tightEverywhere = new SolveStats();
        RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-10, 1e-10))
                .build(2)
                .solve(SLOW_AND_FAST, 0, new double[] {1, 0}, 5, new double[2], tightEverywhere);
        assertThat(stats.evaluations()).isLessThan(tightEverywhere.evaluations());
    }

    @Test
    void maxStepAndInitialStepAreHonoured() {
        RungeKuttaSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .maxStep(0.05)
                .initialStep(0.001)
                .build(1);
        double[] first = new double[1];
        double[] largest = new double[1];
        solver.solve(
                (t, y, d) -> d[0] = -y[0],
                0,
                new double[] {1},
                2,
                new double[1],
                new SolveStats(),
                (t0, y0, t1, y1, h, dense) -> {
                    if (first[0] == 0) {
                        first[0] = h;
                    }
                    largest[0] = Math.max(largest[0], h);
                });
        assertThat(first[0]).isEqualTo(0.001);
        assertThat(largest[0]).isLessThanOrEqualTo(0.05 * 1.01);
    }
}
