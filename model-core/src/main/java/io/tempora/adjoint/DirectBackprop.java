package io.tempora.adjoint;

import io.tempora.ode.ButcherTableau;
import io.tempora.ode.DenseOutput;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveRequest;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.StepListener;
import java.util.Arrays;

/**
 * Gradients by backpropagation through the solver's accepted steps (discretise-then-optimise): the
 * exact gradient of the discrete solution the forward solve produced, with memory linear in the
 * number of steps (one state per step is kept; the stages are recomputed on the way back).
 *
 * <p>For one explicit Runge–Kutta step with stages {@code Y_i = y + h Σ_{j<i} a_ij k_j},
 * {@code k_i = f(t + c_i h, Y_i)} and {@code y' = y + h Σ b_i k_i}, the reverse pass with the
 * cotangent {@code ȳ'} of {@code y'} is
 * <pre>
 *   k̄_i = h b_i ȳ'                                 for every stage
 *   for i = s … 1:   Ȳ_i = k̄_iᵀ ∂f/∂y(Y_i),   θ̄ += k̄_iᵀ ∂f/∂θ(Y_i),   k̄_j += h a_ij Ȳ_i  (j &lt; i)
 *   ȳ = ȳ' + Σ_i Ȳ_i
 * </pre>
 * The step sizes are treated as constants (the controller's choice is not differentiated), as
 * every discretise-then-optimise implementation does.
 *
 * <p>Not thread-safe: solvers and workspaces are kept between calls (one instance per thread).
 */
public final class DirectBackprop implements GradientMethod {

    private final SolverSettings settings;
    private RungeKuttaSolver solver;
    private int builtFor = -1;
    private double[][] stageY;
    private double[][] stageK;
    private double[][] kBar;
    private double[] yiBar;

    public DirectBackprop(SolverSettings settings) {
        this.settings = settings;
    }

    @Override
    public Gradients gradient(DifferentiableField f, double t0, double[] y0, double[] times, OutputLoss loss) {
        TimeGrid.check(t0, y0, times);
        int d = y0.length;
        int p = f.parameterCount();
        RungeKuttaSolver solver = solverFor(d);
        int n = times.length;
        Tape tape = new Tape(d, times);
        if (times[0] == t0) {
            tape.outputAtStart(y0);
        }
        SolveStats forwardStats = solver.solve(
                        f,
                        t0,
                        y0,
                        times[n - 1],
                        SolveRequest.none().withStepTimes(times).withListener(tape))
                .stats();
        if (tape.outputs != n) {
            throw new IllegalStateException(
                    "internal: " + tape.outputs + " of " + n + " output times fell on step ends");
        }

        double lossValue = 0;
        double[][] cot = new double[n][d];
        double[] fBuf = new double[d];
        double[] dLdTimes = new double[n];
        for (int i = 0; i < n; i++) {
            lossValue += loss.term(i, times[i], tape.outputStates[i], cot[i]);
            f.evaluate(times[i], tape.outputStates[i], fBuf);
            dLdTimes[i] = dot(cot[i], fBuf);
        }

        double[] yBar = new double[d];
        double[] theta = new double[p];
        long evaluations = 0;
        int out = n - 1;
        for (int step = tape.steps - 1; step >= 0; step--) {
            while (out >= 0 && tape.outputStep[out] == step) {
                add(yBar, cot[out]);
                out--;
            }
            evaluations += reverseStep(f, tape.t[step], tape.h[step], tape.y[step], yBar, theta);
        }
        while (out >= 0) {
            add(yBar, cot[out]);
            out--;
        }
        f.evaluate(t0, y0, fBuf);
        return new Gradients(lossValue, yBar, theta, dLdTimes, -dot(yBar, fBuf), forwardStats, evaluations, tape.steps);
    }

    @Override
    public long flowVjp(
            DifferentiableField f,
            double t0,
            double[] y0,
            double t1,
            double[] y1,
            double[] a1,
            double[] a0,
            double[] dtheta) {
        int d = y0.length;
        RungeKuttaSolver solver = solverFor(d);
        double[] yBar = a1.clone();
        if (t0 != t1) {
            Tape tape = new Tape(d, new double[] {t1});
            solver.solve(f, t0, y0, t1, new double[d], new SolveStats(), tape);
            for (int step = tape.steps - 1; step >= 0; step--) {
                reverseStep(f, tape.t[step], tape.h[step], tape.y[step], yBar, dtheta);
            }
            System.arraycopy(yBar, 0, a0, 0, d);
            return (long) tape.steps * stagesUsed();
        }
        System.arraycopy(yBar, 0, a0, 0, d);
        return 0;
    }

    private RungeKuttaSolver solverFor(int d) {
        if (builtFor != d) {
            solver = settings.build(d);
            builtFor = d;
        }
        return solver;
    }

    private int stagesUsed() {
        return lastUsedStage(settings.tableau().b()) + 1;
    }

    /**
     * Backpropagates {@code yBar} (the cotangent of the step's end state, updated in place to that of
     * its start) through one step from {@code (t, y)} of size {@code h}; accumulates into {@code theta}.
     *
     * @return the VJP calls spent
     */
    private long reverseStep(DifferentiableField f, double t, double h, double[] y, double[] yBar, double[] theta) {
        ButcherTableau tab = settings.tableau();
        int s = stagesUsed();
        int d = y.length;
        ensureWorkspace(s, d);
        for (int i = 0; i < s; i++) {
            double[] yi = stageY[i];
            System.arraycopy(y, 0, yi, 0, d);
            for (int j = 0; j < i; j++) {
                double w = h * tab.a(i, j);
                if (w != 0) {
                    axpy(w, stageK[j], yi);
                }
            }
            f.evaluate(t + tab.c(i) * h, yi, stageK[i]);
        }
        double[] b = tab.b();
        for (int i = 0; i < s; i++) {
            double w = h * b[i];
            for (int k = 0; k < d; k++) {
                kBar[i][k] = w * yBar[k];
            }
        }
        for (int i = s - 1; i >= 0; i--) {
            f.vjp(t + tab.c(i) * h, stageY[i], kBar[i], yiBar, theta);
            add(yBar, yiBar);
            for (int j = 0; j < i; j++) {
                double w = h * tab.a(i, j);
                if (w != 0) {
                    axpy(w, yiBar, kBar[j]);
                }
            }
        }
        return s;
    }

    private void ensureWorkspace(int s, int d) {
        if (stageY == null || stageY.length != s || stageY[0].length != d) {
            stageY = new double[s][d];
            stageK = new double[s][d];
            kBar = new double[s][d];
            yiBar = new double[d];
        }
    }

    private static int lastUsedStage(double[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != 0) {
                return i;
            }
        }
        return b.length - 1;
    }

    private static void add(double[] acc, double[] x) {
        for (int k = 0; k < acc.length; k++) {
            acc[k] += x[k];
        }
    }

    private static void axpy(double w, double[] x, double[] acc) {
        for (int k = 0; k < acc.length; k++) {
            acc[k] += w * x[k];
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** Every accepted step's start time, size and start state; and which step ends at each output. */
    private static final class Tape implements StepListener {
        private final int d;
        private final double[] times;
        double[] t = new double[64];
        double[] h = new double[64];
        double[][] y = new double[64][];
        int steps;
        final int[] outputStep;
        final double[][] outputStates;
        int outputs;

        Tape(int d, double[] times) {
            this.d = d;
            this.times = times;
            this.outputStep = new int[times.length];
            this.outputStates = new double[times.length][];
        }

        void outputAtStart(double[] y0) {
            outputStep[0] = -1;
            outputStates[0] = y0.clone();
            outputs = 1;
        }

        @Override
        public void onStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double hStep, DenseOutput dense) {
            if (steps == t.length) {
                int cap = steps * 2;
                t = Arrays.copyOf(t, cap);
                h = Arrays.copyOf(h, cap);
                y = Arrays.copyOf(y, cap);
            }
            t[steps] = tPrev;
            h[steps] = hStep;
            y[steps] = Arrays.copyOf(yPrev, d);
            if (outputs < times.length && tNew == times[outputs]) {
                outputStep[outputs] = steps;
                outputStates[outputs] = Arrays.copyOf(yNew, d);
                outputs++;
            }
            steps++;
        }
    }
}
