package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class BatchSolverTest {

    // Sample b rotates with angular speed ω_b = b + 1 and decays at rate 0.1·b; exact solution known.
    private static final int D = 2;
    private static final BatchVectorField ROTATIONS = (s, times, y, d) -> {
        for (int b = 0; b < times.length; b++) {
            double omega = b + 1;
            double decay = 0.1 * b;
            int o = b * D;
            d[o] = -decay * y[o] + omega * y[o + 1];
            d[o + 1] = -omega * y[o] - decay * y[o + 1];
        }
    };

    private static double[] exact(int b, double dt, double p, double q) {
        double omega = b + 1;
        double decay = Math.exp(-0.1 * b * dt);
        double c = Math.cos(omega * dt);
        double s = Math.sin(omega * dt);
        return new double[] {decay * (c * p + s * q), decay * (-s * p + c * q)};
    }

    @Test
    void samplesWithDifferentHorizonsAndDirectionsMatchTheirExactSolutions() {
        double[] t0 = {0, 1, 5, 2};
        double[] t1 = {3, 1.5, 2, 2}; // forward, short forward, backward, empty
        double[] y0 = {1, 0, 0, 1, 0.5, 0.5, -1, 2};
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-9, 1e-9))
                .buildBatch(4, D);
        double[] y1 = new double[8];
        SolveStats stats = new SolveStats();
        solver.solve(ROTATIONS, t0, t1, y0, y1, stats);
        for (int b = 0; b < 4; b++) {
            double[] expected = exact(b, t1[b] - t0[b], y0[b * D], y0[b * D + 1]);
            assertThat(y1[b * D]).as("sample %d", b).isCloseTo(expected[0], within(1e-7));
            assertThat(y1[b * D + 1]).as("sample %d", b).isCloseTo(expected[1], within(1e-7));
        }
        assertThat(y1[6]).isEqualTo(-1.0);
        assertThat(y1[7]).isEqualTo(2.0);
        assertThat(stats.evaluations()).isPositive();
    }

    @Test
    void fieldSeesEachSamplesOwnTime() {
        // y_b' = t (own time): y_b(t1) = y_b(t0) + (t1² − t0²)/2.
        double[] t0 = {0, 10, -3};
        double[] t1 = {2, 11, -5};
        BatchSolver solver = RungeKuttaSolver.builder(Tsitouras54.TABLEAU).buildBatch(3, 1);
        double[] y1 = new double[3];
        solver.solve(
                (s, times, y, d) -> System.arraycopy(times, 0, d, 0, times.length),
                t0,
                t1,
                new double[3],
                y1,
                new SolveStats());
        for (int b = 0; b < 3; b++) {
            assertThat(y1[b]).isCloseTo((t1[b] * t1[b] - t0[b] * t0[b]) / 2, within(1e-10));
        }
    }

    @Test
    void richSolveReportsRescaledOutputTimes() {
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-9, 1e-9))
                .buildBatch(2, D);
        double[] t0 = {0, 0};
        double[] t1 = {1, 4};
        double[] y0 = {1, 0, 1, 0};
        Solution solution =
                solver.solve(ROTATIONS, t0, t1, y0, SolveRequest.none().withOutputTimes(0.5));
        double[] half = solution.state(0);
        assertThat(half[0]).isCloseTo(exact(0, 0.5, 1, 0)[0], within(1e-7));
        assertThat(half[2]).isCloseTo(exact(1, 2.0, 1, 0)[0], within(1e-7));
    }

    @Test
    void perSampleTolerancesAndSeminormAreTiled() {
        // Component 1 of each sample is excluded: only component 0 is error-controlled, in every sample.
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.perComponent(new double[] {1e-9, 1e-9}, new double[] {1e-9, 1e-9})
                        .excluding(1))
                .buildBatch(3, D);
        assertThat(solver.flatSolver().dimension()).isEqualTo(6);
        double[] y1 = new double[6];
        solver.solve(
                ROTATIONS,
                new double[] {0, 0, 0},
                new double[] {1, 1, 1},
                new double[] {1, 0, 1, 0, 1, 0},
                y1,
                new SolveStats());
        for (int b = 0; b < 3; b++) {
            assertThat(y1[b * D]).isCloseTo(exact(b, 1, 1, 0)[0], within(1e-6));
        }
    }

    @Test
    void simpleBatchSolvesAllocateNothing() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU).buildBatch(3, D);
        double[] t0 = {0, 1, 2};
        double[] t1 = {1, 1.5, 1};
        double[] y0 = {1, 0, 0, 1, 1, 1};
        double[] y1 = new double[6];
        SolveStats stats = new SolveStats();
        for (int i = 0; i < 2000; i++) {
            solver.solve(ROTATIONS, t0, t1, y0, y1, stats);
        }
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1000; i++) {
            solver.solve(ROTATIONS, t0, t1, y0, y1, stats);
        }
        assertThat(bean.getThreadAllocatedBytes(id) - before).isLessThan(1000);
    }

    @Test
    void badBatchArguments() {
        BatchSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU).buildBatch(2, D);
        assertThatThrownBy(() -> solver.solve(
                        ROTATIONS,
                        new double[] {0},
                        new double[] {1, 1},
                        new double[4],
                        new double[4],
                        new SolveStats()))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("batch size 2");
        assertThatThrownBy(() -> solver.solve(
                        ROTATIONS,
                        new double[] {0, Double.NaN},
                        new double[] {1, 1},
                        new double[4],
                        new double[4],
                        new SolveStats()))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("sample 1 has a non-finite interval");
        assertThatThrownBy(() -> solver.solve(
                        ROTATIONS,
                        new double[] {0, 0},
                        new double[] {1, 1},
                        new double[3],
                        new double[3],
                        new SolveStats()))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("built for dimension 4");
    }
}
