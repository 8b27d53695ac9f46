package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain path's hot calls allocate nothing once set up, measured with the JVM's per-thread
 * allocation counter.
 */
class AllocationTest {

    private static final int D = 16;
    private static final int H = 64;

    @Test
    void plainVectorFieldForwardAndVjpAllocateNothing() {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = Mlp.define(b, "f", new MlpSpec(D, List.of(H, H), D, Activation.SOFTPLUS, Activation.TANH));
        GruCell cell = GruCell.define(b, "g", 5, D);
        ParameterSet ps = b.build();
        ps.initialise(5);
        MlpVectorField field = new MlpVectorField(mlp, ps);
        GruCell.Workspace gws = cell.newWorkspace();
        double[] h = new double[D];
        double[] a = new double[D];
        double[] f = new double[D];
        double[] aj = new double[D];
        double[] x = new double[5];
        double[] gx = new double[5];
        double[] g = new double[ps.size()];
        java.util.Arrays.fill(h, 0.1);
        java.util.Arrays.fill(a, 1.0);
        Runnable work = () -> {
            field.evaluateWithVjp(h, a, f, aj, g, 0);
            cell.forward(ps.values(), x, h, gws, f);
            cell.vjp(ps.values(), gws, a, gx, aj, g);
        };
        for (int i = 0; i < 2_000; i++) {
            work.run();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            work.run();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // 10,000 calls: even 16 bytes per call would show as 160 kB; allow the probe's own bytes.
        assertThat(allocated).as("heap bytes allocated by 10,000 plain calls").isLessThan(4_096);
    }
}
