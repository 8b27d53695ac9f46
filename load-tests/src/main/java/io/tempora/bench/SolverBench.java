package io.tempora.bench;

import io.tempora.bench.solver.BenchProblem;
import io.tempora.bench.solver.HipparchusAdapter;
import io.tempora.bench.solver.NeuralField;
import io.tempora.bench.solver.Timing;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.Tolerances;
import io.tempora.ode.VectorField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * {@code ./bench.sh solver}: this project's Dormand–Prince 5(4) against Hipparchus'
 * {@code DormandPrince54Integrator} at rtol = atol = 1e-6, in one JVM, on Van der Pol (μ = 1, [0, 10]),
 * Lotka–Volterra ((1.5, 1, 3, 1), [0, 10]) and a neural field (D = 16, H = 64, [0, 1]).
 *
 * <p>Times are manual alternating rounds (see {@link Timing}) rather than JMH: each solve is tens of
 * microseconds, both solvers run in the same JIT-warmed JVM, and alternating rounds cancel the drift
 * of a shared 2-core machine. Errors are the max-norm distance of the final state to Hipparchus'
 * Dormand–Prince 8(5,3) at rtol = atol = 1e-13, a reference neither competitor computes itself.
 *
 * <p>Arguments (optional): {@code rounds=N} (default 41), {@code round_ms=N} (default 200).
 */
public final class SolverBench implements BenchReport {

    private static final double TOL = 1e-6;

    @Override
    public String run(String[] args) {
        int rounds = 41;
        double roundSeconds = 0.2;
        for (String arg : args) {
            if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("round_ms=")) {
                roundSeconds = Integer.parseInt(arg.substring(9)) / 1000.0;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "': use rounds=N or round_ms=N");
            }
        }
        List<String> rows = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%-18s %10s %10s %7s %9s %9s %10s %10s%n",
                "problem",
                "ours_us",
                "ref_us",
                "ratio",
                "ours_nfe",
                "ref_nfe",
                "ours_err",
                "ref_err");
        for (BenchProblem p : List.of(BenchProblem.vanDerPol(), BenchProblem.lotkaVolterra(), BenchProblem.neural())) {
            rows.add(measure(p, rounds, roundSeconds));
        }
        return "{\"problems\":[" + String.join(",", rows) + "]}";
    }

    private static String measure(BenchProblem p, int rounds, double roundSeconds) {
        int n = p.y0().length;
        double[] reference = reference(p);

        RungeKuttaSolver ours = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(TOL, TOL))
                .build(n);
        double[] y1 = new double[n];
        SolveStats stats = new SolveStats();
        Runnable oursSolve = () -> ours.solve(p.field(), p.t0(), p.y0(), p.t1(), y1, stats);

        DormandPrince54Integrator hipparchus =
                new DormandPrince54Integrator(1e-12, Math.abs(p.t1() - p.t0()), TOL, TOL);
        HipparchusAdapter ode = new HipparchusAdapter(p.field(), n);
        double[][] theirs = new double[1][];
        Runnable refSolve = () -> theirs[0] = hipparchus
                .integrate(ode, new ODEState(p.t0(), p.y0().clone()), p.t1())
                .getPrimaryState();

        oursSolve.run();
        refSolve.run();
        long oursNfe = stats.evaluations();
        int refNfe = hipparchus.getEvaluations();
        double oursErr = maxAbsDiff(y1, reference);
        double refErr = maxAbsDiff(theirs[0], reference);

        double[] us = Timing.compare(oursSolve, refSolve, 2.0, rounds, roundSeconds);
        double ratio = us[0] / us[1];
        // The field alone, 100 evaluations per call: how much of each solve neither solver can save.
        double[] state = p.y0().clone();
        Runnable fieldOnly = hundredEvaluations(p.field(), p.t0(), state);
        double fieldUs = Timing.compare(fieldOnly, fieldOnly, 0.5, 5, roundSeconds / 2)[0] / 100;
        if (p.field() instanceof NeuralField neural) {
            reportScalarField(neural, state, roundSeconds);
        }
        System.out.printf(
                Locale.ROOT,
                "%-18s %10.2f %10.2f %7.3f %9d %9d %10.3e %10.3e   (field alone: %.3f us"
                        + " x %d evaluations = %.1f us)%n",
                p.name(),
                us[0],
                us[1],
                ratio,
                oursNfe,
                refNfe,
                oursErr,
                refErr,
                fieldUs,
                oursNfe,
                fieldUs * oursNfe);
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"ours_us\":%.3f,\"ref_us\":%.3f,\"ratio\":%.4f,"
                        + "\"ours_nfe\":%d,\"ref_nfe\":%d,\"ours_err\":%.6e,\"ref_err\":%.6e}",
                p.name(),
                us[0],
                us[1],
                ratio,
                oursNfe,
                refNfe,
                oursErr,
                refErr);
    }

    /** The vectorised neural field against its plain-loop form: agreement and time per evaluation. */
    private static void reportScalarField(NeuralField neural, double[] state, double roundSeconds) {
        int n = state.length;
        double[] vector = new double[n];
        double[] scalar = new double[n];
        neural.evaluate(0, state, vector);
        neural.evaluateScalar(state, scalar);
        double diff = maxAbsDiff(vector, scalar);
        if (!(diff <= 1e-12)) {
            throw new IllegalStateException("vectorised neural field differs from its plain form by " + diff);
        }
        Runnable v = hundredEvaluations(neural, 0, state);
        Runnable s = hundredEvaluations((t, y, dydt) -> neural.evaluateScalar(y, dydt), 0, state);
        double[] us = Timing.compare(v, s, 0.5, 5, roundSeconds / 2);
        System.out.printf(
                Locale.ROOT,
                "  neural field: vectorised=%b %.3f us vs plain loops %.3f us per evaluation,"
                        + " max difference %.1e%n",
                neural.vectorised(),
                us[0] / 100,
                us[1] / 100,
                diff);
    }

    /** 100 evaluations of {@code f} at {@code state} per run. */
    private static Runnable hundredEvaluations(VectorField f, double t, double[] state) {
        double[] out = new double[state.length];
        return () -> {
            for (int i = 0; i < 100; i++) {
                f.evaluate(t, state, out);
                state[0] += 1e-30 * out[0]; // a data dependency, so the JIT cannot hoist the call
            }
        };
    }

    private static double[] reference(BenchProblem p) {
        DormandPrince853Integrator tight =
                new DormandPrince853Integrator(1e-14, Math.abs(p.t1() - p.t0()), 1e-13, 1e-13);
        return tight.integrate(
                        new HipparchusAdapter(p.field(), p.y0().length), new ODEState(p.t0(), p.y0().clone()), p.t1())
                .getPrimaryState();
    }

    private static double maxAbsDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
