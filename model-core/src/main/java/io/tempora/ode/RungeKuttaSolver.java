package io.tempora.ode;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An explicit Runge–Kutta solver for one {@link ButcherTableau} and one state dimension, with its
 * workspace allocated once: {@link #solve(VectorField, double, double[], double, double[], SolveStats)}
 * allocates nothing after the first call, so the streaming path can call it once per event.
 *
 * <p>A {@link StepSizeController} chooses the steps: by default the {@linkplain PiController PI
 * controller} on the mixed RMS norm of {@link Tolerances}, starting from Hairer's heuristic
 * (<i>Solving ODEs I</i>, §II.4, "starting step size") at the cost of one evaluation; a
 * {@linkplain ConstantStepController constant-step controller} takes steps of one size and shortens
 * the last one onto the end time. Integration runs forwards or backwards ({@code t1 < t0}); step sizes
 * handed to listeners are then negative. The stage sums and the error estimate are in
 * {@link StageArithmetic}, the norm in {@link ErrorNorm}.
 *
 * <p>Not thread-safe: one solver per thread. The vector field is called on the calling thread.
 *
 * <p>Failures throw {@link SolverException}: {@link SolverStatus#MAX_STEPS_EXCEEDED},
 * {@link SolverStatus#STEP_SIZE_UNDERFLOW}, {@link SolverStatus#NON_FINITE_STATE},
 * {@link SolverStatus#NON_FINITE_DERIVATIVE} and {@link SolverStatus#INVALID_ARGUMENT}. An adaptive
 * solve answers a non-finite trial step by shrinking the step (the trial may have left the region
 * where {@code f} is defined) and fails only once the step cannot shrink further.
 */
public final class RungeKuttaSolver {

    /** Steps tried (accepted plus rejected) per solve before giving up, unless configured. */
    public static final long DEFAULT_MAX_STEPS = 100_000;

    /** The tolerances of a solver configured without any: {@code rtol = atol = 1e-6}. */
    public static final Tolerances DEFAULT_TOLERANCES = Tolerances.of(1e-6, 1e-6);

    /**
     * A step that would land short of its target by at most this fraction of itself is stretched onto
     * the target (Hairer's 1%), so no sliver of a step remains.
     */
    private static final double STRETCH = 1.01;

    /** A step no larger than this many ulps of the time cannot advance it reliably: step-size underflow. */
    private static final int UNDERFLOW_ULPS = 4;

    /**
     * The starting step heuristic aims at {@code h^p · max(‖f0‖, ‖f'‖) = 0.01}, and its Euler guess at
     * {@code 0.01 ‖y0‖/‖f0‖}.
     */
    private static final double STARTING_TARGET = 0.01;

    /** Norms of the state or its derivative below this count as zero in the starting step heuristic. */
    private static final double STARTING_NORM_FLOOR = 1e-10;

    /** The Euler guess when the state or its derivative is zero. */
    private static final double STARTING_FALLBACK_STEP = 1e-6;

    /** A second-derivative estimate at or below this counts as zero in the starting step heuristic. */
    private static final double STARTING_CURVATURE_FLOOR = 1e-15;

    /** With no curvature: this fraction of the Euler guess, but at least {@link #STARTING_FALLBACK_STEP}. */
    private static final double STARTING_FLAT_RATIO = 1e-3;

    /** The starting step is at most this multiple of the Euler guess. */
    private static final double STARTING_GROWTH_CAP = 100;

    private final ButcherTableau tableau;
    private final int n;
    private final int s;
    private final double[][] a;
    private final double[] b;
    private final double[] c;
    private final double[][] dense;
    private final boolean fsal;
    private final boolean adaptive;
    private final Tolerances tolerances;
    private final StepSizeController controller;
    private final StepSizeController.State control;
    private final double initialStep;
    private final double maxStep;
    private final long maxSteps;
    private final ErrorNorm norm;
    private final StageArithmetic stages;

    // Workspace. y and yNew swap roles after every accepted step; so do k[0] and the end derivative.
    private final double[][] k;
    private double[] y;
    private double[] yNew;
    private final double[] yStage;
    private final double[] weights;
    private final Interpolant interpolant = new Interpolant();
    private final ListenerHook listenerHook = new ListenerHook();
    private final HeuristicStart heuristicStart = new HeuristicStart();
    private final RichSolve rich = new RichSolve(this);

    // The accepted step the interpolant describes.
    private double stepT;
    private double stepH;

    // Where the last non-finite trial step went wrong, for the message if it cannot be recovered.
    private int badComponent;
    private boolean badDerivative;
    private double badTime;

    private RungeKuttaSolver(Builder builder, int dimension) {
        if (dimension < 1) {
            throw SolverException.invalid("the state dimension must be at least 1, was " + dimension);
        }
        this.tableau = builder.tableau;
        this.n = dimension;
        this.s = tableau.stages();
        this.a = tableau.rawA();
        this.b = tableau.rawB();
        this.c = tableau.rawC();
        this.fsal = tableau.fsal();
        this.dense = tableau.rawDense();
        this.controller = builder.controller != null ? builder.controller : StepSizeController.defaultFor(tableau);
        this.adaptive = controller.adaptive();
        if (adaptive && !tableau.adaptive()) {
            throw SolverException.invalid(tableau.name() + " has no error estimator for the adaptive controller "
                    + controller + ": use a constant-step controller, StepSizeController.constant(h)");
        }
        this.control = controller.newState();
        final double[] errorWeights = tableau.rawE();
        final int[] errorStages = adaptive
                ? IntStream.range(0, s).filter(i -> errorWeights[i] != 0).toArray()
                : new int[0];
        this.tolerances = builder.tolerances;
        this.initialStep = builder.initialStep;
        this.maxStep = builder.maxStep;
        this.maxSteps = builder.maxSteps;
        this.norm = new ErrorNorm(tolerances, n);
        this.k = new double[tableau.denseRows()][n];
        this.y = new double[n];
        this.yNew = new double[n];
        this.yStage = new double[n];
        this.weights = new double[k.length];
        this.stages = new StageArithmetic(n, k, errorWeights, errorStages);
    }

    /** Starts configuring a solver for {@code tableau}. */
    public static Builder builder(ButcherTableau tableau) {
        return new Builder(tableau);
    }

    /** The method. */
    public ButcherTableau tableau() {
        return tableau;
    }

    /** The state dimension this solver was built for. */
    public int dimension() {
        return n;
    }

    /** The tolerances of adaptive solves. */
    public Tolerances tolerances() {
        return tolerances;
    }

    /** The step-size controller. */
    public StepSizeController controller() {
        return controller;
    }

    /** Whether steps are error-controlled (false under a constant-step controller). */
    public boolean adaptive() {
        return adaptive;
    }

    /**
     * Solves from {@code (t0, y0)} to {@code t1} and writes {@code y(t1)} into {@code y1}.
     * Allocates nothing once the solver is warm.
     *
     * @param f     the vector field
     * @param t0    the start time
     * @param y0    the initial state, length {@link #dimension()}; not modified
     * @param t1    the end time; may be before {@code t0}
     * @param y1    receives the final state; may be the same array as {@code y0}
     * @param stats receives the counts of this solve (it is reset first)
     */
    public void solve(VectorField f, double t0, double[] y0, double t1, double[] y1, SolveStats stats) {
        integrate(f, t0, y0, t1, y1, stats, null, null, Double.NaN);
    }

    /**
     * As {@link #solve(VectorField, double, double[], double, double[], SolveStats)}, but an adaptive
     * solve starts with a step of magnitude {@code firstStep} instead of the configured or automatic
     * one (for a caller that knows a good step for this state, e.g. one the controller proposed there
     * before); error control shrinks it as usual if it fails. NaN keeps the configured or automatic
     * one; a constant-step controller ignores it.
     *
     * @throws SolverException if {@code firstStep} is neither NaN nor positive and finite
     */
    public void solve(
            VectorField f, double t0, double[] y0, double t1, double[] y1, SolveStats stats, double firstStep) {
        if (!Double.isNaN(firstStep) && (!(firstStep > 0) || !Double.isFinite(firstStep))) {
            throw SolverException.invalid("firstStep must be positive and finite (or NaN), was " + firstStep);
        }
        integrate(f, t0, y0, t1, y1, stats, null, null, firstStep);
    }

    /**
     * As {@link #solve(VectorField, double, double[], double, double[], SolveStats)}, calling
     * {@code listener} on every accepted step. Allocates nothing itself once warm. Methods that are
     * not FSAL spend one more evaluation (at the end time) to give the listener dense output.
     */
    public void solve(
            VectorField f, double t0, double[] y0, double t1, double[] y1, SolveStats stats, StepListener listener) {
        if (listener == null) {
            throw SolverException.invalid("listener is null; use the solve without a listener instead");
        }
        listenerHook.listener = listener;
        try {
            integrate(f, t0, y0, t1, y1, stats, listenerHook, null, Double.NaN);
        } finally {
            listenerHook.listener = null;
        }
    }

    /**
     * Solves with output times, forced step times, event location and a listener, as the request
     * asks. Allocates the result.
     */
    public Solution solve(VectorField f, double t0, double[] y0, double t1, SolveRequest request) {
        return rich.solve(f, t0, y0, t1, request);
    }

    /**
     * The loop behind every solve.
     *
     * @param stepTimes times to step onto exactly, sorted in the direction of integration and strictly
     *                  between t0 and t1, or null
     * @param firstStep the first step's magnitude for an adaptive solve, or NaN for the configured or
     *                  automatic one
     * @return the time the solve ended at (t1, or an earlier stop time from the hook)
     */
    double integrate(
            VectorField f,
            double t0,
            double[] y0,
            double t1,
            double[] yOut,
            SolveStats stats,
            StepHook hook,
            double[] stepTimes,
            double firstStep) {
        checkArguments(f, t0, y0, t1, yOut, stats);
        stats.reset();
        System.arraycopy(y0, 0, y, 0, n);
        if (hook != null) {
            hook.start(t0, y, t1);
        }
        if (t0 == t1) {
            System.arraycopy(y, 0, yOut, 0, n);
            if (hook != null) {
                hook.end(t1, yOut);
            }
            return t1;
        }
        final double dir = t1 > t0 ? 1 : -1;
        final boolean endDerivative = hook != null && !fsal;
        f.evaluate(t0, y, k[0]);
        stats.countEvaluation();
        checkDerivative(k[0], t0);
        boolean k0Valid = true;

        control.reset();
        double h = chooseFirstStep(f, t0, t1, dir, stats, Double.isNaN(firstStep) ? initialStep : firstStep);
        h = dir * Math.min(Math.abs(h), maxStep);

        final int stopCount = stepTimes == null ? 0 : stepTimes.length;
        int stopIndex = 0;
        double t = t0;
        boolean nonFiniteLast = false;
        boolean afterForcedTime = false;
        long attempts = 0;
        while (true) {
            final double target = stopIndex < stopCount ? stepTimes[stopIndex] : t1;
            if (!k0Valid) {
                // Just past a forced step time f may jump: look at it from the side we are heading to.
                double tEval = afterForcedTime ? Math.nextAfter(t, dir * Double.POSITIVE_INFINITY) : t;
                f.evaluate(tEval, y, k[0]);
                stats.countEvaluation();
                checkDerivative(k[0], tEval);
                k0Valid = true;
            }
            // Stretch a step that would land just short of the target (Hairer's 1%), so no sliver remains.
            boolean hitsTarget = (t + STRETCH * h - target) * dir >= 0;
            if (hitsTarget) {
                h = target - t;
            } else if (Math.abs(h) <= UNDERFLOW_ULPS * Math.ulp(Math.max(Math.abs(t), Math.abs(target)))) {
                throw underflow(t, h, nonFiniteLast);
            }
            if (++attempts > maxSteps) {
                throw new SolverException(
                        SolverStatus.MAX_STEPS_EXCEEDED,
                        t,
                        -1,
                        "took " + maxSteps
                                + " steps (" + stats.acceptedSteps() + " accepted, " + stats.rejectedSteps()
                                + " rejected) and reached t = " + t + " of [" + t0 + ", " + t1 + "], last step size "
                                + h);
            }
            // A step onto a forced time evaluates f strictly before it (one ulp), so a jump of f at that
            // time (Hairer's advice for discontinuities: stop on them) is seen from the correct side.
            final double stageLimit = hitsTarget && stopIndex < stopCount ? Math.nextAfter(target, t) : target;
            computeStages(f, t, h, stageLimit, dir, stats);
            double err = adaptive ? norm.step(h, stages.errorEstimate(), y, yNew) : 0;
            nonFiniteLast = !(err <= Double.MAX_VALUE) || !StageArithmetic.allFinite(yNew);
            if (nonFiniteLast) {
                locateNonFinite(t, h);
                if (!adaptive) {
                    throw nonFinite();
                }
                err = Double.POSITIVE_INFINITY;
            }
            if (!control.accept(h, err)) {
                stats.countRejected();
                h = control.nextStep();
                continue;
            }
            final double tNew = hitsTarget ? target : t + h;
            if (endDerivative) {
                double tEval = hitsTarget ? stageLimit : tNew;
                f.evaluate(tEval, yNew, k[s]);
                stats.countEvaluation();
                checkDerivative(k[s], tEval);
            }
            stats.countAccepted();
            double stopAt = Double.NaN;
            if (hook != null) {
                stepT = t;
                stepH = h;
                stopAt = hook.afterStep(t, y, tNew, yNew, h, interpolant);
                if (!Double.isNaN(stopAt)) {
                    interpolant.evaluate(stopAt, yOut);
                    if (stopAt == tNew) {
                        System.arraycopy(yNew, 0, yOut, 0, n);
                    }
                    stats.lastStepSize(h);
                    hook.end(stopAt, yOut);
                    return stopAt;
                }
            }
            final double hNext = control.nextStep();
            double[] swap = y;
            y = yNew;
            yNew = swap;
            if (fsal) {
                swap = k[0];
                k[0] = k[s - 1];
                k[s - 1] = swap;
            } else if (endDerivative) {
                swap = k[0];
                k[0] = k[s];
                k[s] = swap;
            } else {
                k0Valid = false;
            }
            t = tNew;
            stats.lastStepSize(hNext);
            afterForcedTime = false;
            if (hitsTarget) {
                if (stopIndex >= stopCount) {
                    break;
                }
                stopIndex++;
                afterForcedTime = true;
                k0Valid = false;
            }
            h = dir * Math.min(Math.abs(hNext), maxStep);
        }
        System.arraycopy(y, 0, yOut, 0, n);
        if (hook != null) {
            hook.end(t1, yOut);
        }
        return t1;
    }

    /** Stages 1..s-1 into k, and the new state into yNew. */
    private void computeStages(VectorField f, double t, double h, double stageLimit, double dir, SolveStats stats) {
        for (int i = 1; i < s; i++) {
            // For FSAL methods the last stage's argument is the new state itself.
            double[] dst = fsal && i == s - 1 ? yNew : yStage;
            stages.combine(y, dst, h, a[i], i);
            double ti = t + c[i] * h;
            if ((ti - stageLimit) * dir > 0) {
                ti = stageLimit;
            }
            f.evaluate(ti, dst, k[i]);
            stats.countEvaluation();
        }
        if (!fsal) {
            stages.combine(y, yNew, h, b, s);
        }
    }

    /**
     * The first step's magnitude: the controller's choice, given the caller's {@code requested} step (NaN
     * for none) and, on demand, {@link #initialStepSize}.
     */
    private double chooseFirstStep(
            VectorField f, double t0, double t1, double dir, SolveStats stats, double requested) {
        HeuristicStart start = heuristicStart;
        start.f = f;
        start.t0 = t0;
        start.t1 = t1;
        start.dir = dir;
        start.stats = stats;
        try {
            return controller.initialStep(requested, start);
        } finally {
            start.f = null;
            start.stats = null;
        }
    }

    /**
     * Hairer's starting step: h such that h^p · max(‖f0‖, ‖f'‖) = {@value #STARTING_TARGET}, capped at
     * {@value #STARTING_GROWTH_CAP} times the Euler guess. Reads {@code y} and {@code k[0]} at {@code t0};
     * uses {@code k[1]} as scratch.
     */
    private double initialStepSize(VectorField f, double t0, double t1, double dir, SolveStats stats) {
        double d0 = norm.at(y, y);
        double d1 = norm.at(k[0], y);
        double h0 = d0 < STARTING_NORM_FLOOR || d1 < STARTING_NORM_FLOOR
                ? STARTING_FALLBACK_STEP
                : STARTING_TARGET * d0 / d1;
        h0 = Math.min(h0, Math.min(maxStep, Math.abs(t1 - t0)));
        for (int j = 0; j < n; j++) {
            yStage[j] = y[j] + dir * h0 * k[0][j];
        }
        f.evaluate(t0 + dir * h0, yStage, k[1]);
        stats.countEvaluation();
        double d2 = norm.differenceAt(k[1], k[0], y) / h0;
        if (!Double.isFinite(d2)) {
            return h0; // the Euler probe left the domain of f: start small and let control take over
        }
        double m = Math.max(d1, d2);
        double h1 = m <= STARTING_CURVATURE_FLOOR
                ? Math.max(STARTING_FALLBACK_STEP, h0 * STARTING_FLAT_RATIO)
                : Math.pow(STARTING_TARGET / m, 1.0 / tableau.order());
        return Math.min(STARTING_GROWTH_CAP * h0, h1);
    }

    private void checkArguments(VectorField f, double t0, double[] y0, double t1, double[] yOut, SolveStats stats) {
        if (f == null) {
            throw SolverException.invalid("the vector field is null");
        }
        if (stats == null) {
            throw SolverException.invalid("stats is null: pass a SolveStats to receive the counts");
        }
        if (y0 == null || y0.length == 0) {
            throw SolverException.invalid(
                    "the initial state is " + (y0 == null ? "null" : "empty") + ": pass at least one component");
        }
        if (y0.length != n) {
            throw SolverException.invalid("the initial state has " + y0.length + " components but this solver"
                    + " was built for dimension " + n + ": build one solver per dimension");
        }
        if (yOut == null || yOut.length != n) {
            throw SolverException.invalid("the output array must have length " + n + ", was "
                    + (yOut == null ? "null" : String.valueOf(yOut.length)));
        }
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw SolverException.invalid("the time interval must be finite, was [" + t0 + ", " + t1 + "]");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y0[i])) {
                throw new SolverException(
                        SolverStatus.NON_FINITE_STATE,
                        t0,
                        i,
                        "initial state component y0[" + i + "] is " + y0[i] + " at t = " + t0);
            }
        }
    }

    private static void checkDerivative(double[] dydt, double t) {
        for (int i = 0; i < dydt.length; i++) {
            if (!Double.isFinite(dydt[i])) {
                throw new SolverException(
                        SolverStatus.NON_FINITE_DERIVATIVE,
                        t,
                        i,
                        "the vector field returned dy/dt[" + i + "] = " + dydt[i] + " at t = " + t);
            }
        }
    }

    /** Finds the first non-finite stage derivative or state component of the failed trial step. */
    private void locateNonFinite(double t, double h) {
        for (int l = 1; l < s; l++) {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(k[l][i])) {
                    badDerivative = true;
                    badComponent = i;
                    badTime = t + c[l] * h;
                    return;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(yNew[i])) {
                badDerivative = false;
                badComponent = i;
                badTime = t + h;
                return;
            }
        }
        badDerivative = false;
        badComponent = -1;
        badTime = t + h;
    }

    private SolverException nonFinite() {
        if (badDerivative) {
            return new SolverException(
                    SolverStatus.NON_FINITE_DERIVATIVE,
                    badTime,
                    badComponent,
                    "the vector field returned a non-finite dy/dt[" + badComponent + "] at t = " + badTime);
        }
        return new SolverException(
                SolverStatus.NON_FINITE_STATE,
                badTime,
                badComponent,
                "the state component y[" + badComponent + "] became non-finite at t = " + badTime);
    }

    private SolverException underflow(double t, double h, boolean becauseNonFinite) {
        if (becauseNonFinite) {
            return nonFinite();
        }
        return new SolverException(
                SolverStatus.STEP_SIZE_UNDERFLOW,
                t,
                -1,
                "the step size " + h + " is too small to advance t = " + t + " in floating point");
    }

    /** Dense output of the step being reported; reads the solver's current step workspace. */
    private final class Interpolant implements DenseOutput {
        @Override
        public void evaluate(double t, double[] out) {
            evaluate(t, out, 0, n);
        }

        @Override
        public void evaluate(double t, double[] out, int from, int to) {
            java.util.Objects.checkFromToIndex(from, to, n);
            final double h = stepH;
            final double theta = (t - stepT) / h;
            for (int r = 0; r < weights.length; r++) {
                double[] p = dense[r];
                double v = 0;
                for (int m = p.length - 1; m >= 0; m--) {
                    v = v * theta + p[m];
                }
                weights[r] = h * theta * v;
            }
            // Row by row over all components (contiguous); each component still sums y0 + w_r k_r in
            // ascending r, so the result is bit-identical to the component-wise loop.
            System.arraycopy(y, from, out, from, to - from);
            for (int r = 0; r < weights.length; r++) {
                final double wr = weights[r];
                final double[] kr = k[r];
                for (int i = from; i < to; i++) {
                    out[i] += wr * kr[i];
                }
            }
        }

        @Override
        public int polynomial(int i, double[] coefficients) {
            java.util.Objects.checkIndex(i, n);
            int degree = degree();
            if (coefficients.length <= degree) {
                throw SolverException.invalid("the dense output has degree " + degree + ": " + (degree + 1)
                        + " coefficients, but the array holds " + coefficients.length);
            }
            // y0 + h θ Σ_r k_r Σ_m P[r][m] θ^m, gathered by powers of θ.
            coefficients[0] = y[i];
            for (int m = 0; m < degree; m++) {
                double sum = 0;
                for (int r = 0; r < dense.length; r++) {
                    if (m < dense[r].length) {
                        sum += dense[r][m] * k[r][i];
                    }
                }
                coefficients[m + 1] = stepH * sum;
            }
            return degree;
        }

        @Override
        public int degree() {
            return tableau.denseDegree();
        }
    }

    /** The solve's arguments for {@link #initialStepSize}, reused so a solve allocates nothing. */
    private final class HeuristicStart implements StepSizeController.StartingStep {
        VectorField f;
        double t0;
        double t1;
        double dir;
        SolveStats stats;

        @Override
        public double estimate() {
            return initialStepSize(f, t0, t1, dir, stats);
        }
    }

    /** Adapts a public listener to the loop, reused so listener solves allocate nothing. */
    private static final class ListenerHook implements StepHook {
        StepListener listener;

        @Override
        public void start(double t0, double[] y0, double t1) {
            listener.onStart(t0, y0, t1);
        }

        @Override
        public double afterStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double h, DenseOutput dense) {
            listener.onStep(tPrev, yPrev, tNew, yNew, h, dense);
            return listener.stopAfterStep() ? tNew : Double.NaN;
        }

        @Override
        public void end(double t, double[] y) {
            listener.onEnd(t, y);
        }
    }

    /** Configures a {@link RungeKuttaSolver}. */
    public static final class Builder {
        private final ButcherTableau tableau;
        private Tolerances tolerances = DEFAULT_TOLERANCES;
        private StepSizeController controller;
        private double initialStep = Double.NaN;
        private double maxStep = Double.POSITIVE_INFINITY;
        private long maxSteps = DEFAULT_MAX_STEPS;

        private Builder(ButcherTableau tableau) {
            if (tableau == null) {
                throw SolverException.invalid("the tableau is null");
            }
            this.tableau = tableau;
        }

        /** Error tolerances of adaptive solves; default {@link #DEFAULT_TOLERANCES}. */
        public Builder tolerances(Tolerances tolerances) {
            if (tolerances == null) {
                throw SolverException.invalid("tolerances are null");
            }
            this.tolerances = tolerances;
            return this;
        }

        /**
         * The step-size controller; default {@link StepSizeController#defaultFor} the tableau (methods
         * without an error estimator need a {@linkplain StepSizeController#constant constant-step} one).
         */
        public Builder controller(StepSizeController controller) {
            if (controller == null) {
                throw SolverException.invalid("the step-size controller is null");
            }
            this.controller = controller;
            return this;
        }

        /** The first step's size (magnitude); default: chosen automatically. */
        public Builder initialStep(double h) {
            positive("initialStep", h);
            this.initialStep = h;
            return this;
        }

        /** The largest step size (magnitude); default unbounded. */
        public Builder maxStep(double h) {
            if (!(h > 0)) {
                throw SolverException.invalid("maxStep must be positive, was " + h);
            }
            this.maxStep = h;
            return this;
        }

        /** The most steps (accepted plus rejected) one solve may take; default {@value #DEFAULT_MAX_STEPS}. */
        public Builder maxSteps(long maxSteps) {
            if (maxSteps < 1) {
                throw SolverException.invalid("maxSteps must be at least 1, was " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        private static void positive(String what, double h) {
            if (!(h > 0) || !Double.isFinite(h)) {
                throw SolverException.invalid(what + " must be positive and finite, was " + h);
            }
        }

        /** A solver with workspace for states of {@code dimension} components. */
        public RungeKuttaSolver build(int dimension) {
            return new RungeKuttaSolver(this, dimension);
        }

        /**
         * A solver for {@code batch} systems of {@code dimension} components solved together on a
         * rescaled time (see {@link BatchSolver}); the tolerances apply to each sample.
         */
        public BatchSolver buildBatch(int batch, int dimension) {
            if (batch < 1 || dimension < 1) {
                throw SolverException.invalid(
                        "batch size and dimension must be at least 1, were " + batch + " and " + dimension);
            }
            if ((long) batch * dimension > Integer.MAX_VALUE) {
                throw SolverException.invalid("batch " + batch + " × dimension " + dimension + " is too large");
            }
            Tolerances perSample = tolerances;
            tolerances = perSample.tiled(batch, dimension);
            try {
                return new BatchSolver(new RungeKuttaSolver(this, batch * dimension), batch, dimension);
            } finally {
                tolerances = perSample;
            }
        }
    }

    @Override
    public String toString() {
        return "RungeKuttaSolver[" + tableau.name() + ", n=" + n + ", " + controller
                + (adaptive ? ", " + tolerances : "") + "]";
    }

    static double[] sortedStepTimes(double[] times, double t0, double t1) {
        double dir = Math.signum(t1 - t0);
        return Arrays.stream(times)
                .filter(t -> (t - t0) * dir > 0 && (t1 - t) * dir > 0)
                .map(t -> t * dir)
                .sorted()
                .distinct()
                .map(t -> t * dir)
                .toArray();
    }
}
