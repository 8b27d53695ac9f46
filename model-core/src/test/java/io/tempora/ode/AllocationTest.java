package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Repeated simple solves allocate nothing once warm: the streaming path solves once per event.
 * Measured with HotSpot's per-thread allocation counter; the bound of less than one byte per solve
 * leaves room only for the counter's own noise, not for any per-solve object.
 */
class AllocationTest {

    private static final int SOLVES = 2_000;

    private static final VectorField VAN_DER_POL = (t, y, d) -> {
        d[0] = y[1];
        d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
    };

    private static long allocatedBytes(Runnable work) {
        // HotSpot (every JDK this project builds with) exposes per-thread allocation counters.
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(hotspot.isThreadAllocatedMemorySupported()).isTrue();
        hotspot.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        work.run(); // warm-up
        work.run();
        long before = hotspot.getThreadAllocatedBytes(id);
        work.run();
        return hotspot.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void simpleSolvesAllocateNothing() {
        RungeKuttaSolver solver = Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-6, 1e-6, 2);
        double[] y0 = {2, 0};
        double[] y1 = new double[2];
        SolveStats stats = new SolveStats();
        long bytes = allocatedBytes(() -> {
            for (int i = 0; i < SOLVES; i++) {
                solver.solve(VAN_DER_POL, 0, y0, 1 + (i & 7) * 0.125, y1, stats);
            }
        });
        assertThat(bytes).as("bytes allocated by %d solves", SOLVES).isLessThan(SOLVES);
        assertThat(stats.acceptedSteps()).isPositive();
    }

    @Test
    void listenerSolvesAllocateNothingThemselves() {
        RungeKuttaSolver solver = RungeKuttaSolver.builder(RungeKutta4.TABLEAU)
                .controller(StepSizeController.constant(0.01))
                .build(2);
        double[] y0 = {2, 0};
        double[] y1 = new double[2];
        double[] mid = new double[2];
        SolveStats stats = new SolveStats();
        StepListener listener = (tPrev, yPrev, tNew, yNew, h, dense) -> dense.evaluate(tPrev + 0.5 * h, mid);
        long bytes = allocatedBytes(() -> {
            for (int i = 0; i < SOLVES; i++) {
                solver.solve(VAN_DER_POL, 0, y0, -0.5, y1, stats, listener);
            }
        });
        assertThat(bytes).as("bytes allocated by %d solves", SOLVES).isLessThan(SOLVES);
    }
}
