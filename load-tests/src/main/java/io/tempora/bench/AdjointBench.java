package io.tempora.bench;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.adjoint.BatchDynamics;
import io.tempora.adjoint.DirectBackprop;
import io.tempora.adjoint.GradientMethod;
import io.tempora.adjoint.Gradients;
import io.tempora.adjoint.MlpDynamics;
import io.tempora.adjoint.OutputLoss;
import io.tempora.bench.adjoint.ProbedField;
import io.tempora.bench.adjoint.RetainedHeap;
import io.tempora.bench.solver.Timing;
import io.tempora.nd4j.adjoint.NdBatchDynamics;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.ParameterSet;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./bench.sh adjoint}: the adjoint method's claims, measured on MLP dynamics (D = 16, H = 64,
 * the layer library's Glorot initialisation), loss {@code Σ y(t1)²}, Dormand–Prince 5(4) at
 * rtol = atol = 1e-6.
 *
 * <ul>
 *   <li>Memory: live heap retained by one gradient (after full collections, minus the live heap just
 *       before the call), probed at the end of the forward pass (in the loss callback, when direct
 *       backpropagation's tape is complete) and in the middle of the backward pass; the larger counts.
 *       The step count is forced to 100, 1,000 and 10,000 with the maximum step size on [0, 1].</li>
 *   <li>Cost: evaluations of the backward dynamics over those of the forward solve, with the full norm
 *       and with the seminorm, on spans t1 = 1 and t1 = 10 (torchdiffeq measured 1.23 and 1.81–2.13).</li>
 *   <li>Time per gradient (adjoint, seminorm): batch 1 on the plain path; batch 256 as one flattened
 *       system on the plain path and on ND4J, timed in alternating rounds in one JVM.</li>
 * </ul>
 */
public final class AdjointBench implements BenchReport {

    private static final int D = 16;
    private static final int H = 64;
    private static final double TOL = 1e-6;
    private static final OutputLoss SUM_OF_SQUARES = (i, t, y, dLdy) -> {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += y[k] * y[k];
            dLdy[k] = 2 * y[k];
        }
        return s;
    };

    private final ParameterSet params;
    private final Mlp mlp;

    public AdjointBench() {
        ParameterSet.Builder b = ParameterSet.builder();
        mlp = Mlp.define(b, "dynamics", MlpSpec.tanh(D, List.of(H), D));
        params = b.build();
        params.initialise(2024);
    }

    @Override
    public String run(String[] args) {
        StringBuilder json = new StringBuilder("{");
        SolverSettings settings = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(TOL, TOL));

        System.out.println("== memory: live heap retained by one gradient (bytes)");
        System.out.printf(Locale.ROOT, "%-10s %8s %12s %12s%n", "method", "steps", "retained", "fwd_nfe");
        long[] steps = {100, 1_000, 10_000};
        long[] adj = new long[steps.length];
        long[] dir = new long[steps.length];
        // Two passes, the first discarded: the first gradients of a JVM leave lazily initialised
        // state behind (a few KB) that would otherwise be charged to whichever size ran first.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < steps.length; i++) {
                SolverSettings forced = settings.withMaxStep(1.0 / steps[i]).withMaxSteps(10 * steps[i]);
                adj[i] = retained("adjoint", AdjointMethod.of(forced).seminorm(true), steps[i], pass == 1);
                dir[i] = retained("direct", new DirectBackprop(forced), steps[i], pass == 1);
            }
        }
        double adjRatio = (double) adj[2] / adj[0];
        double dirRatio = (double) dir[2] / dir[0];
        System.out.printf(Locale.ROOT, "10k/100 ratio: adjoint %.3f, direct %.1f%n", adjRatio, dirRatio);
        json.append(String.format(
                Locale.ROOT,
                "\"adjoint_retained_bytes\":[%d,%d,%d],\"direct_retained_bytes\":[%d,%d,%d],"
                        + "\"adjoint_mem_ratio_10k_vs_100\":%.4f,\"direct_mem_ratio_10k_vs_100\":%.4f,",
                adj[0],
                adj[1],
                adj[2],
                dir[0],
                dir[1],
                dir[2],
                adjRatio,
                dirRatio));

        System.out.println("== cost: backward / forward evaluations");
        System.out.printf(Locale.ROOT, "%6s %8s %8s %8s %8s %8s%n", "t1", "fwd", "bwd", "ratio", "bwd_semi", "ratio");
        List<String> costRows = new ArrayList<>();
        double worstFull = 0;
        double worstSemi = 0;
        for (double t1 : new double[] {1, 10}) {
            MlpDynamics f = new MlpDynamics(mlp, params);
            double[] y0 = initialStates(1);
            Gradients full = AdjointMethod.of(settings).gradient(f, 0, y0, new double[] {t1}, SUM_OF_SQUARES);
            Gradients semi =
                    AdjointMethod.of(settings).seminorm(true).gradient(f, 0, y0, new double[] {t1}, SUM_OF_SQUARES);
            double rf = full.backwardForwardRatio();
            double rs = semi.backwardForwardRatio();
            worstFull = Math.max(worstFull, rf);
            worstSemi = Math.max(worstSemi, rs);
            System.out.printf(
                    Locale.ROOT,
                    "%6.0f %8d %8d %8.3f %8d %8.3f%n",
                    t1,
                    full.forwardStats().evaluations(),
                    full.backwardEvaluations(),
                    rf,
                    semi.backwardEvaluations(),
                    rs);
            costRows.add(String.format(
                    Locale.ROOT,
                    "{\"t1\":%.0f,\"forward_nfe\":%d,\"backward_nfe\":%d," + "\"backward_nfe_seminorm\":%d}",
                    t1,
                    full.forwardStats().evaluations(),
                    full.backwardEvaluations(),
                    semi.backwardEvaluations()));
        }
        json.append(String.format(
                Locale.ROOT,
                "\"backward_forward_nfe_ratio\":%.4f," + "\"backward_forward_nfe_ratio_seminorm\":%.4f,\"cost\":[%s],",
                worstFull,
                worstSemi,
                String.join(",", costRows)));

        System.out.println("== time per gradient (adjoint with seminorm, t1 = 1)");
        GradientMethod method = AdjointMethod.of(settings).seminorm(true);
        MlpDynamics single = new MlpDynamics(mlp, params);
        double[] y1 = initialStates(1);
        GradientMethod direct = new DirectBackprop(settings);
        double[] single2 = Timing.compare(
                () -> method.gradient(single, 0, y1, new double[] {1}, SUM_OF_SQUARES),
                () -> direct.gradient(single, 0, y1, new double[] {1}, SUM_OF_SQUARES),
                2.0,
                9,
                0.3);
        int batch = 256;
        BatchDynamics plain = BatchDynamics.plain(mlp, params, batch);
        BatchDynamics nd = new NdBatchDynamics(mlp, params, batch);
        double[] yB = initialStates(batch);
        GradientMethod m2 = AdjointMethod.of(settings).seminorm(true);
        GradientMethod m3 = AdjointMethod.of(settings).seminorm(true);
        double[] batched = Timing.compare(
                () -> m2.gradient(plain, 0, yB, new double[] {1}, SUM_OF_SQUARES),
                () -> m3.gradient(nd, 0, yB, new double[] {1}, SUM_OF_SQUARES),
                3.0,
                7,
                0.5);
        System.out.printf(
                Locale.ROOT, "batch 1, plain: adjoint %.1f us, direct backprop %.1f us%n", single2[0], single2[1]);
        System.out.printf(
                Locale.ROOT,
                "batch %d: plain %.1f us (%.2f us/sample), ND4J %.1f us (%.2f us/sample)," + " ND4J/plain %.3f%n",
                batch,
                batched[0],
                batched[0] / batch,
                batched[1],
                batched[1] / batch,
                batched[1] / batched[0]);
        json.append(String.format(
                Locale.ROOT,
                "\"us_per_gradient_batch1\":%.2f,\"us_per_gradient_batch1_direct\":%.2f,"
                        + "\"us_per_gradient_batch256_plain\":%.1f,\"us_per_gradient_batch256_nd4j\":%.1f,"
                        + "\"nd4j_vs_plain_batch256\":%.4f}",
                single2[0],
                single2[1],
                batched[0],
                batched[1],
                batched[1] / batched[0]));
        return json.toString();
    }

    private long retained(String name, GradientMethod method, long steps, boolean print) {
        ProbedField f = new ProbedField(new MlpDynamics(mlp, params));
        double[] y0 = initialStates(1);
        double[] times = {1.0};
        // Warm-up: solvers and workspaces are built on the first call and kept; they are not part of
        // what one gradient retains.
        f.probeAt(-1);
        method.gradient(f, 0, y0, times, SUM_OF_SQUARES);
        long vjps = f.vjpCalls();
        long[] atForwardEnd = new long[1];
        OutputLoss probingLoss = (i, t, y, dLdy) -> {
            atForwardEnd[0] = RetainedHeap.live();
            return SUM_OF_SQUARES.term(i, t, y, dLdy);
        };
        long best = Long.MAX_VALUE;
        Gradients g = null;
        for (int rep = 0; rep < 3; rep++) {
            f.probeAt(vjps / 2);
            long before = RetainedHeap.live();
            g = method.gradient(f, 0, y0, times, probingLoss);
            long peak = Math.max(atForwardEnd[0], f.measured());
            // The minimum over repetitions discards collector noise, which only ever adds bytes.
            best = Math.min(best, Math.max(0, peak - before));
        }
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %8d %12d %12d%n",
                    name,
                    steps,
                    best,
                    g.forwardStats().evaluations());
        }
        return best;
    }

    private static double[] initialStates(int batch) {
        SplittableRandom r = new SplittableRandom(7);
        double[] y = new double[batch * D];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * r.nextDouble() - 1;
        }
        return y;
    }
}
