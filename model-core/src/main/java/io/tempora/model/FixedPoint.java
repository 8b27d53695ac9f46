package io.tempora.model;

import io.tempora.nn.ParameterSet;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverException;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;

/**
 * The attracting equilibrium {@code h*} of the latent dynamics ({@code f_θ(h*) = 0}), if the model has
 * one, with its intensities {@code λ_k* = λ_k(h*)}: once a prediction's state has reached it, every
 * remaining component of the prediction solve has a closed form (constant intensities), so the solve
 * can stop there instead of stepping to the largest horizon at the stability limit of an explicit
 * method. The leak {@code −γ ⊙ h} of {@link LatentDynamics} makes trained dynamics contract, so such a
 * point normally exists.
 *
 * <p>Found by following the flow from the learned initial state for {@value #SETTLE} model units, then
 * Newton's method with a finite-difference Jacobian; accepted only if the flow from small
 * perturbations of it returns towards it. Recomputed when {@link ParameterSet#version()} moves,
 * together with the dynamics' linearisation there ({@link TailLinearisation}; the point itself
 * allocates nothing, the linearisation its dense systems). Not thread-safe.
 */
final class FixedPoint {

    /** Model units the flow is followed before Newton's method polishes the point. */
    static final double SETTLE = 200;
    /** Newton iterations at most. */
    static final int NEWTON_ITERATIONS = 20;
    /** A Newton step longer than this (max norm) means divergence: no point. */
    static final double DIVERGED_STEP = 1e3;
    /** Newton stops when its step is at most this relative to {@code 1 + ‖h‖∞}. */
    static final double CONVERGED_STEP = 1e-13;
    /** The point is accepted when {@code ‖f(h*)‖∞} is at most this relative to {@code 1 + ‖h*‖∞}. */
    static final double RESIDUAL = 1e-10;
    /** The forward-difference step of the Jacobian, relative to {@code max(1, |h_j|)}. */
    static final double DIFFERENCE_STEP = 1e-7;
    /** The attraction check's perturbation, relative to {@code 1 + ‖h*‖∞}. */
    static final double PERTURBATION = 1e-3;
    /** The point attracts if the flow shrinks a perturbation by this factor within {@link #SETTLE} units. */
    static final double SHRINK = 0.1;
    /** The perturbation's direction: components {@code ±(1 + TILT·j)}, alternating signs. */
    static final double TILT = 0.1;

    /**
     * The solves of the flow towards the point and of {@link #attracts}, whatever the scorer's own settings:
     * the check follows perturbations of {@value #PERTURBATION} and must not see the solver's error instead.
     * Once per parameter version, so tight costs little.
     */
    static final SolverSettings SETTINGS = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-8, 1e-10));

    private final EventModel model;
    private final FusedDynamics kernel;
    private final SegmentDynamics field;
    private final RungeKuttaSolver solver;
    private final SolveStats stats = new SolveStats();
    private final int d;
    private final double[] h;
    private final double[] lambda;
    private final double[] y;
    private final double[] f0;
    private final double[] f1;
    private final double[] probe;
    private final double[][] jacobian;
    private long version = Long.MIN_VALUE;
    private boolean valid;
    private final TailLinearisation linearisation;
    private boolean linearised;
    private double total;
    private int computations;

    FixedPoint(EventModel model, FusedDynamics kernel, SegmentDynamics field, RungeKuttaSolver solver) {
        this.model = model;
        this.kernel = kernel;
        this.field = field;
        this.solver = solver;
        this.d = model.architecture().latentDim();
        this.h = new double[d];
        this.lambda = new double[model.architecture().intensityRows()];
        this.y = new double[d + 1];
        this.f0 = new double[d];
        this.f1 = new double[d];
        this.probe = new double[d];
        this.jacobian = new double[d][d + 1];
        this.linearisation =
                new TailLinearisation(kernel, d, model.architecture().intensityRows());
    }

    /** Brings the point up to date with the parameters; returns whether the model has one. */
    boolean update() {
        long v = model.parameters().version();
        if (v != version) {
            version = v;
            computations++;
            valid = find();
            linearised = valid && linearisation.update(h, total);
        }
        return valid;
    }

    /** Whether the point is up to date with the parameters' current version (an {@link #update} would do no work). */
    boolean current() {
        return version == model.parameters().version();
    }

    /** How many times the point (and its linearisation) has been computed: once per parameter version used. */
    int computations() {
        return computations;
    }

    /**
     * The dynamics linearised at {@code h*} for a prediction's closed-form tail, brought up to date with
     * the point by {@link #update}; usable when {@link #linearised()}.
     */
    TailLinearisation linearisation() {
        return linearisation;
    }

    /** Whether the last {@link #update} found the point and could linearise there ({@link TailLinearisation#update}). */
    boolean linearised() {
        return linearised;
    }

    /** {@code h*} (valid after {@link #update} returned true; do not modify). */
    double[] point() {
        return h;
    }

    /** {@code λ_k*}, model units. */
    double intensity(int k) {
        return lambda[k];
    }

    /** {@code Σ_k λ_k*}, model units. */
    double totalIntensity() {
        return total;
    }

    private boolean find() {
        try {
            System.arraycopy(model.parameters().values(), model.initialState().offset(), y, 0, d);
            y[d] = 0;
            solver.solve(field, 0, y, SETTLE, y, stats);
            System.arraycopy(y, 0, h, 0, d);
            for (int it = 0; it < NEWTON_ITERATIONS; it++) {
                double step = newton();
                if (!(step <= DIVERGED_STEP)) {
                    return false;
                }
                if (step <= CONVERGED_STEP * (1 + maxAbs(h))) {
                    break;
                }
            }
            total = kernel.evaluate(h, f0, lambda);
            if (!(maxAbs(f0) <= RESIDUAL * (1 + maxAbs(h))) || !Double.isFinite(total)) {
                return false;
            }
            return attracts();
        } catch (SolverException e) {
            return false;
        }
    }

    /** One Newton step on {@code f(h) = 0}; returns its max-norm length (NaN if singular). */
    private double newton() {
        kernel.evaluate(h, f0, lambda);
        for (int j = 0; j < d; j++) {
            double e = DIFFERENCE_STEP * Math.max(1, Math.abs(h[j]));
            System.arraycopy(h, 0, probe, 0, d);
            probe[j] += e;
            kernel.evaluate(probe, f1, lambda);
            for (int i = 0; i < d; i++) {
                jacobian[i][j] = (f1[i] - f0[i]) / e;
            }
        }
        for (int i = 0; i < d; i++) {
            jacobian[i][d] = -f0[i];
        }
        // Gaussian elimination with partial pivoting on [J | −f].
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(jacobian[r][c]) > Math.abs(jacobian[p][c])) {
                    p = r;
                }
            }
            if (jacobian[p][c] == 0) {
                return Double.NaN;
            }
            double[] swap = jacobian[p];
            jacobian[p] = jacobian[c];
            jacobian[c] = swap;
            for (int r = c + 1; r < d; r++) {
                double m = jacobian[r][c] / jacobian[c][c];
                for (int q = c; q <= d; q++) {
                    jacobian[r][q] -= m * jacobian[c][q];
                }
            }
        }
        double len = 0;
        for (int r = d - 1; r >= 0; r--) {
            double s = jacobian[r][d];
            for (int q = r + 1; q < d; q++) {
                s -= jacobian[r][q] * probe[q];
            }
            probe[r] = s / jacobian[r][r];
        }
        for (int j = 0; j < d; j++) {
            h[j] += probe[j];
            len = Math.max(len, Math.abs(probe[j]));
        }
        return len;
    }

    /**
     * Whether the flow from small perturbations of {@code h*} (two directions) comes back towards it,
     * shrinking them by {@value #SHRINK} within {@value #SETTLE} model units. A slow leak leaves modes that decay at
     * a few hundredths per unit; those points still attract, and a shorter probe would refuse them.
     */
    private boolean attracts() {
        for (int sign = -1; sign <= 1; sign += 2) {
            double size = PERTURBATION * (1 + maxAbs(h));
            for (int j = 0; j < d; j++) {
                y[j] = h[j] + size * ((j % 2 == 0) ? sign : -sign) * (1 + TILT * j) / (1 + TILT * d);
            }
            y[d] = 0;
            solver.solve(field, 0, y, SETTLE, y, stats);
            double dist = 0;
            for (int j = 0; j < d; j++) {
                dist = Math.max(dist, Math.abs(y[j] - h[j]));
            }
            if (!(dist < SHRINK * size)) {
                return false;
            }
        }
        return true;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
