package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseSolveTest {

    private static double[][] randomStable(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] j = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                j[r][c] = rng.nextGaussian() * 0.2 / Math.sqrt(n);
            }
            j[r][r] -= 0.4; // eigenvalues near −0.4 ± 0.2: stable, non-normal
        }
        return j;
    }

    @Test
    void solveInvertsAWellConditionedSystemAndRefusesASingularOne() {
        double[][] m = randomStable(12, 3);
        double[] x = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i] = i - 5.5;
        }
        double[] rhs = new double[12];
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 12; c++) {
                rhs[r] += m[r][c] * x[c];
            }
        }
        double[] solved = DenseSolve.solve(m, rhs);
        for (int i = 0; i < 12; i++) {
            assertThat(solved[i]).isCloseTo(x[i], within(1e-12));
        }
        assertThat(DenseSolve.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 1}))
                .isNull();
    }

    @Test
    void sylvesterSolutionSatisfiesItsEquation() {
        int d = 7;
        double[][] j = randomStable(d, 5);
        double lambda = 0.3;
        SplittableRandom rng = new SplittableRandom(6);
        double[] u = new double[d];
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            u[i] = rng.nextGaussian();
            v[i] = rng.nextGaussian();
        }
        double[][][] xs = DenseSolve.sylvester(j, lambda, DenseSolve.outer(u, v), DenseSolve.outer(v, v));
        assertThat(xs).isNotNull().hasNumberOfRows(2);
        double[][] x = xs[0];
        double[][] y = xs[1];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double lhs = -lambda * x[r][c];
                for (int p = 0; p < d; p++) {
                    lhs += j[p][r] * x[p][c] + x[r][p] * j[p][c];
                }
                assertThat(lhs).as("(%d,%d)", r, c).isCloseTo(-u[r] * v[c], within(1e-12));
                double other = -lambda * y[r][c];
                for (int p = 0; p < d; p++) {
                    other += j[p][r] * y[p][c] + y[r][p] * j[p][c];
                }
                assertThat(other).as("second right-hand side (%d,%d)", r, c).isCloseTo(-v[r] * v[c], within(1e-12));
            }
        }
    }

    @Test
    void sylvesterOfADiagonalMatrixIsTheLaplaceTransformEntryByEntry() {
        // J = diag(μ): X_rc = ∫ e^{−λs} e^{μ_r s} u_r v_c e^{μ_c s} ds = u_r v_c / (λ − μ_r − μ_c).
        double[] mu = {-0.2, -0.5, -1.3};
        double[][] j = new double[3][3];
        for (int i = 0; i < 3; i++) {
            j[i][i] = mu[i];
        }
        double[] u = {1, -2, 0.5};
        double[] v = {0.3, 1, -1};
        double[][] x = DenseSolve.sylvester(j, 0.25, DenseSolve.outer(u, v))[0];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(x[r][c]).isCloseTo(u[r] * v[c] / (0.25 - mu[r] - mu[c]), within(1e-14));
            }
        }
    }

    @Test
    void exponentialOfARotationGeneratorAndTheDecayTimeOfADiagonalFlow() {
        double w = 3.7; // norm > 1/2: scaling and squaring are exercised
        double[][] e = DenseSolve.exp(new double[][] {{0, -w}, {w, 0}});
        assertThat(e[0][0]).isCloseTo(Math.cos(w), within(1e-14));
        assertThat(e[0][1]).isCloseTo(-Math.sin(w), within(1e-14));
        assertThat(e[1][0]).isCloseTo(Math.sin(w), within(1e-14));
        assertThat(e[1][1]).isCloseTo(Math.cos(w), within(1e-14));
        // ‖e^{−0.5t I}‖ = e^{−0.5t} ≤ 1e-2 first at t = 10 (ln 100 / 0.5 = 9.2); a flow that grows never decays.
        assertThat(DenseSolve.decayTime(new double[][] {{-0.5, 0}, {0, -0.5}}, 1e-2, 100))
                .isEqualTo(10);
        assertThat(DenseSolve.decayTime(new double[][] {{0.1, 0}, {0, -1}}, 1e-2, 100))
                .isInfinite();
    }
}
