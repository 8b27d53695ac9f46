package io.tempora.adjoint;

import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.Solution;
import io.tempora.ode.SolveRequest;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.Arrays;

/**
 * Gradients by the adjoint method (Pontryagin et al. 1962; Chen et al., "Neural Ordinary
 * Differential Equations", 2018, Algorithm 1): optimise-then-discretise, with memory constant in
 * the number of solver steps.
 *
 * <p>After the forward solve, which keeps only the states at the output times, the augmented state
 * <pre>
 *   z = [ y,  a = ∂L/∂y,  g = ∂L/∂θ ]
 *   dy/dt =  f(t, y; θ)
 *   da/dt = −aᵀ ∂f/∂y
 *   dg/dt = −aᵀ ∂f/∂θ
 * </pre>
 * is solved backwards interval by interval, from {@code t_N} to {@code t0}. At each output time
 * {@code y} is reset to the stored forward value (integrating {@code y} backwards alone is unstable
 * over long spans) and {@code ∂ℓ_i/∂y(t_i)} is added to {@code a}. At the end {@code a(t0) = ∂L/∂y0}
 * and {@code g(t0) = ∂L/∂θ}; {@code ∂L/∂t_i = ∂ℓ_i/∂y(t_i) · f(t_i, y(t_i))} and
 * {@code ∂L/∂t0 = −a(t0) · f(t0, y0)}.
 *
 * <p>With {@linkplain #seminorm seminorm} the {@code g} components are left out of the backward
 * error norm (Kidger, Chen &amp; Lyons, "Hey, that's not an ODE", 2021): they never feed back into
 * the dynamics, so controlling their error only costs steps.
 *
 * <p>Not thread-safe: solvers and workspaces are kept between calls (one instance per thread).
 */
public final class AdjointMethod implements GradientMethod {

    private final SolverSettings forward;
    private final Tolerances backwardTolerances;
    private final boolean seminorm;

    private final SolveStats interval = new SolveStats();
    private double[] z;
    private AugmentedField augmentedField;
    private RungeKuttaSolver forwardSolver;
    private RungeKuttaSolver backwardSolver;
    private int builtFor = -1;
    private int builtParams = -1;

    /**
     * @param forward            the forward solver's settings (the backward solve uses the same method
     *                           and step bounds)
     * @param backwardTolerances the backward solve's tolerances: scalar, or null for the forward ones
     * @param seminorm           whether to leave the parameter-gradient components out of the backward
     *                           error norm
     */
    public AdjointMethod(SolverSettings forward, Tolerances backwardTolerances, boolean seminorm) {
        this.forward = forward;
        this.backwardTolerances = backwardTolerances;
        this.seminorm = seminorm;
    }

    /** The adjoint with the forward tolerances backwards too, and full error norm. */
    public static AdjointMethod of(SolverSettings settings) {
        return new AdjointMethod(settings, null, false);
    }

    /** This method with the seminorm on or off. */
    public AdjointMethod seminorm(boolean on) {
        return new AdjointMethod(forward, backwardTolerances, on);
    }

    /** Whether the parameter-gradient components are left out of the backward error norm. */
    public boolean seminorm() {
        return seminorm;
    }

    @Override
    public Gradients gradient(DifferentiableField f, double t0, double[] y0, double[] times, OutputLoss loss) {
        TimeGrid.check(t0, y0, times);
        int d = y0.length;
        int p = f.parameterCount();
        prepare(d, p);
        int n = times.length;

        // Forward: step exactly onto the output times so that each backward interval starts from a
        // state the forward solve actually produced, not an interpolated one.
        double tEnd = times[n - 1];
        Solution sol = forwardSolver.solve(
                f, t0, y0, tEnd, SolveRequest.none().withStepTimes(times).withOutputTimes(times));
        double[][] ys = new double[n][];
        for (int i = 0; i < n; i++) {
            ys[i] = sol.state(i);
        }

        double lossValue = 0;
        double[][] cot = new double[n][d];
        for (int i = 0; i < n; i++) {
            lossValue += loss.term(i, times[i], ys[i], cot[i]);
        }

        double[] fBuf = new double[d];
        double[] dLdTimes = new double[n];
        for (int i = 0; i < n; i++) {
            f.evaluate(times[i], ys[i], fBuf);
            dLdTimes[i] = dot(cot[i], fBuf);
        }

        double[] a = cot[n - 1].clone();
        double[] theta = new double[p];
        long backwardEvaluations = 0;
        long backwardSteps = 0;
        for (int i = n - 1; i >= 0; i--) {
            double tLo = i > 0 ? times[i - 1] : t0;
            backwardEvaluations += flowVjp(f, tLo, i > 0 ? ys[i - 1] : y0, times[i], ys[i], a, a, theta);
            backwardSteps += interval.acceptedSteps();
            if (i > 0) {
                for (int k = 0; k < d; k++) {
                    a[k] += cot[i - 1][k];
                }
            }
        }
        f.evaluate(t0, y0, fBuf);
        double dLdt0 = -dot(a, fBuf);
        return new Gradients(lossValue, a, theta, dLdTimes, dLdt0, sol.stats(), backwardEvaluations, backwardSteps);
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
        int p = f.parameterCount();
        prepare(d, p);
        if (t0 == t1) {
            System.arraycopy(a1, 0, a0, 0, d);
            interval.reset();
            return 0;
        }
        double[] z = augmentedState(d, p);
        System.arraycopy(y1, 0, z, 0, d);
        System.arraycopy(a1, 0, z, d, d);
        Arrays.fill(z, 2 * d, 2 * d + p, 0);
        augmentedField.bind(f);
        try {
            backwardSolver.solve(augmentedField, t1, z, t0, z, interval);
        } finally {
            augmentedField.bind(null);
        }
        System.arraycopy(z, d, a0, 0, d);
        for (int k = 0; k < p; k++) {
            dtheta[k] += z[2 * d + k];
        }
        return interval.evaluations();
    }

    private double[] augmentedState(int d, int p) {
        if (z == null || z.length != 2 * d + p) {
            z = new double[2 * d + p];
        }
        return z;
    }

    private void prepare(int d, int p) {
        if (builtFor == d && builtParams == p) {
            return;
        }
        forwardSolver = forward.build(d);
        Tolerances back = backwardTolerances != null ? backwardTolerances : augmented(forward.tolerances(), d, p);
        if (seminorm && p > 0) {
            int[] ex = new int[p];
            for (int k = 0; k < p; k++) {
                ex[k] = 2 * d + k;
            }
            back = back.excluding(ex);
        }
        backwardSolver = forward.withTolerances(back).build(2 * d + p);
        augmentedField = new AugmentedField(d, p);
        builtFor = d;
        builtParams = p;
    }

    /**
     * The forward tolerances stretched over {@code [y, a, g]}: per-component values repeat for
     * {@code a}, and {@code g} gets the tightest of them.
     */
    private static Tolerances augmented(Tolerances tol, int d, int p) {
        if (!tol.perComponent()) {
            return Tolerances.of(tol.rtol(0), tol.atol(0));
        }
        int m = 2 * d + p;
        double[] r = new double[m];
        double[] a = new double[m];
        double rMin = Double.POSITIVE_INFINITY;
        double aMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            r[i] = r[d + i] = tol.rtol(i);
            a[i] = a[d + i] = tol.atol(i);
            rMin = Math.min(rMin, r[i]);
            aMin = Math.min(aMin, a[i]);
        }
        Arrays.fill(r, 2 * d, m, rMin);
        Arrays.fill(a, 2 * d, m, aMin);
        return Tolerances.perComponent(r, a);
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** The dynamics of {@code [y, a, g]}; one field evaluation and one VJP per call. */
    private static final class AugmentedField implements io.tempora.ode.VectorField {
        private DifferentiableField f;
        private final int d;
        private final double[] y;
        private final double[] a;
        private final double[] fy;
        private final double[] ay;
        private final double[] ath;

        AugmentedField(int d, int p) {
            this.d = d;
            this.y = new double[d];
            this.a = new double[d];
            this.fy = new double[d];
            this.ay = new double[d];
            this.ath = new double[p];
        }

        void bind(DifferentiableField field) {
            this.f = field;
        }

        @Override
        public void evaluate(double t, double[] z, double[] dz) {
            System.arraycopy(z, 0, y, 0, d);
            System.arraycopy(z, d, a, 0, d);
            Arrays.fill(ath, 0);
            f.evaluateAndVjp(t, y, a, fy, ay, ath);
            System.arraycopy(fy, 0, dz, 0, d);
            for (int k = 0; k < d; k++) {
                dz[d + k] = -ay[k];
            }
            int off = 2 * d;
            for (int k = 0; k < ath.length; k++) {
                dz[off + k] = -ath[k];
            }
        }
    }
}
