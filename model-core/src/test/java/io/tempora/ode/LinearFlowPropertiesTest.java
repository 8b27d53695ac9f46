package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties over random scalar linear problems y' = λ y: any rate, interval, direction and method. */
class LinearFlowPropertiesTest {

    @Property(tries = 200)
    void adaptiveSolveOfALinearProblemIsToleranceProportional(
            @ForAll @DoubleRange(min = -3, max = 1.5) double lambda,
            @ForAll @DoubleRange(min = -5, max = 5) double t0,
            @ForAll @DoubleRange(min = -4, max = 4) double duration,
            @ForAll @DoubleRange(min = -10, max = 10) double y0,
            @ForAll @IntRange(min = 0, max = 2) int methodIndex) {
        ButcherTableau method = Methods.adaptive().get(methodIndex);
        double tol = 1e-8;
        RungeKuttaSolver solver = Methods.adaptiveSolver(method, tol, tol, 1);
        double[] y1 = new double[1];
        solver.solve((t, y, d) -> d[0] = lambda * y[0], t0, new double[] {y0}, t0 + duration, y1, new SolveStats());
        double exact = y0 * Math.exp(lambda * duration);
        // The local tolerance accumulates over the steps, amplified by at most e^{|λ|·|Δt|} (Gronwall).
        double bound = 50 * tol * (1 + Math.abs(exact)) * Math.exp(Math.abs(lambda * duration));
        assertThat(Math.abs(y1[0] - exact)).isLessThan(bound);
    }

    @Property(tries = 100)
    void batchedSolveEqualsTheExactFlowOfEverySample(
            @ForAll @DoubleRange(min = -2, max = 2) double lambda,
            @ForAll @DoubleRange(min = -3, max = 3) double d0,
            @ForAll @DoubleRange(min = -3, max = 3) double d1,
            @ForAll @DoubleRange(min = 0, max = 3) double d2) {
        double[] t0 = {0, 1, -1};
        double[] t1 = {d0, 1 + d1, -1 + d2};
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-9, 1e-9))
                .buildBatch(3, 1);
        double[] y1 = new double[3];
        solver.solve(
                (s, times, y, d) -> {
                    for (int b = 0; b < 3; b++) {
                        d[b] = lambda * y[b];
                    }
                },
                t0,
                t1,
                new double[] {1, 2, 3},
                y1,
                new SolveStats());
        for (int b = 0; b < 3; b++) {
            double exact = (b + 1) * Math.exp(lambda * (t1[b] - t0[b]));
            assertThat(Math.abs(y1[b] - exact)).isLessThan(1e-6 * (1 + exact));
        }
    }
}
