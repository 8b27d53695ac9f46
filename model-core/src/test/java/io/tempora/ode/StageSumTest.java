package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The solver's stage sums (several stages per pass, zero weights skipped) give bit for bit what the
 * textbook loop gives: {@code y + h·a_i0·k_0 + h·a_i1·k_1 + ...}, one stage after another.
 */
class StageSumTest {

    /** A nonlinear field of any size (11 is not a multiple of a vector width, so every loop remainder runs). */
    private static final VectorField FIELD = (t, y, dydt) -> {
        for (int i = 0; i < y.length; i++) {
            dydt[i] = Math.sin(y[(i + 1) % y.length]) - 0.3 * y[i] + Math.cos(t * (i + 1));
        }
    };

    static java.util.List<ButcherTableau> methods() {
        return Methods.all();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void fixedStepsMatchTheTextbookLoopBitForBit(ButcherTableau tableau) {
        // Both forms of the stage sums: one loop per stage below PASS_MIN_DIMENSION, passes from it on.
        for (int n : new int[] {StageArithmetic.PASS_MIN_DIMENSION - 5, StageArithmetic.PASS_MIN_DIMENSION + 3}) {
            check(tableau, n);
        }
    }

    private static void check(ButcherTableau tableau, int n) {
        double h = 1.0 / 32; // a power of two: every step time is exact, so only the stage sums can differ
        int steps = 40;
        double[] y0 = new double[n];
        for (int i = 0; i < n; i++) {
            y0[i] = Math.sin(1.7 * i) + 0.1;
        }
        RungeKuttaSolver solver = RungeKuttaSolver.builder(tableau)
                .controller(StepSizeController.constant(h))
                .build(n);
        double[] ours = new double[n];
        solver.solve(FIELD, 0, y0, steps * h, ours, new SolveStats());

        double[] expected = textbook(tableau, y0, h, steps);
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(ours[i]))
                    .as("%s n=%d component %d", tableau.name(), n, i)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    private static double[] textbook(ButcherTableau tableau, double[] y0, double h, int steps) {
        int n = y0.length;
        int s = tableau.stages();
        double[][] a = tableau.a();
        double[] b = tableau.b();
        double[] c = tableau.c();
        double[][] k = new double[s][n];
        double[] y = y0.clone();
        double[] stage = new double[n];
        double t = 0;
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < s; i++) {
                System.arraycopy(y, 0, stage, 0, n);
                for (int l = 0; l < i; l++) {
                    double hw = h * a[i][l];
                    if (hw != 0) {
                        for (int j = 0; j < n; j++) {
                            stage[j] += hw * k[l][j];
                        }
                    }
                }
                FIELD.evaluate(t + c[i] * h, stage, k[i]);
            }
            double[] next = y.clone();
            for (int l = 0; l < s; l++) {
                double hw = h * b[l];
                if (hw != 0) {
                    for (int j = 0; j < n; j++) {
                        next[j] += hw * k[l][j];
                    }
                }
            }
            y = next;
            t += h;
        }
        return y;
    }
}
