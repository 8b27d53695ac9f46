package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What direct backpropagation relies on: every accepted step can be recomputed from its recorded
 * (tPrev, yPrev, h) and the public tableau alone.
 */
class StepRecomputationTest {

    private static final VectorField VAN_DER_POL = (t, y, d) -> {
        d[0] = y[1];
        d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
    };

    record Step(double tPrev, double[] yPrev, double tNew, double[] yNew, double h) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void acceptedStepsAreReproducibleFromTheTableau(ButcherTableau tableau) {
        List<Step> steps = new ArrayList<>();
        RungeKuttaSolver solver = Methods.adaptiveSolver(tableau, 1e-7, 1e-7, 2);
        double[] end = new double[2];
        solver.solve(
                VAN_DER_POL,
                0,
                new double[] {2, 0},
                -4,
                end,
                new SolveStats(),
                (tPrev, yPrev, tNew, yNew, h, dense) ->
                        steps.add(new Step(tPrev, yPrev.clone(), tNew, yNew.clone(), h)));
        assertThat(steps).hasSizeGreaterThan(10);
        int s = tableau.stages();
        for (Step step : steps) {
            assertThat(step.h()).isNegative();
            assertThat(Math.abs(step.tNew() - (step.tPrev() + step.h())))
                    .isLessThanOrEqualTo(2 * Math.ulp(step.tNew()));
            double[][] k = new double[s][2];
            double[] arg = new double[2];
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < 2; j++) {
                    double sum = 0;
                    for (int l = 0; l < i; l++) {
                        sum += tableau.a(i, l) * k[l][j];
                    }
                    arg[j] = step.yPrev()[j] + step.h() * sum;
                }
                VAN_DER_POL.evaluate(step.tPrev() + tableau.c(i) * step.h(), arg, k[i]);
            }
            double[] b = tableau.b();
            for (int j = 0; j < 2; j++) {
                double sum = 0;
                for (int i = 0; i < s; i++) {
                    sum += b[i] * k[i][j];
                }
                assertThat(Math.abs(step.yPrev()[j] + step.h() * sum - step.yNew()[j]))
                        .isLessThan(1e-14);
            }
        }
        assertThat(steps.get(steps.size() - 1).yNew()).containsExactly(end);
    }
}
