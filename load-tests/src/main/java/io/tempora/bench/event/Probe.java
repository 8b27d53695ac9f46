package io.tempora.bench.event;

import io.tempora.model.*;
import io.tempora.ode.*;

public final class Probe {
    public static void main(String[] a) throws Exception {
        EventModel model = BenchModel.loadOrTrain(System.out);
        StreamingScorer sc = new StreamingScorer(model);
        EventTrace tr = EventTrace.record(sc, 64, 256, 11);
        CompensatedDynamics f = new CompensatedDynamics(model);
        for (double[] tol : new double[][] {{1e-4, 1e-6}, {1e-3, 1e-5}}) {
            RungeKuttaSolver s = RungeKuttaSolver.builder(DormandPrince54.TABLEAU).tolerances(Tolerances.of(tol[0], tol[1])).build(17);
            for (int e = 0; e < 2; e++) {
                double[] y = new double[17];
                System.arraycopy(tr.after(e).latent(), 0, y, 0, 16);
                SolveStats st = new SolveStats();
                StringBuilder sb = new StringBuilder();
                double[] yy = y.clone();
                s.solve(f, 0, yy, 100, yy, st, (tp, yp, tn, yn, h, dense) -> sb.append(String.format("%.2f(%.1f) ", tn, yn[16])));
                System.out.println(tol[0] + " event " + e + " nfe " + st.evaluations() + " rejected " + st.rejectedSteps() + ": " + sb);
                // gap-only solve nfe for 1 unit
                yy = y.clone();
                s.solve(f, 0, yy, 1, yy, st);
                System.out.println("   1-unit solve nfe " + st.evaluations() + "; 10-unit: ");
            }
        }
    }
}
