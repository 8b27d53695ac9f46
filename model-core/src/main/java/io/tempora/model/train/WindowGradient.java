package io.tempora.model.train;

import io.tempora.adjoint.GradientMethod;
import io.tempora.data.EventSequence;
import io.tempora.model.CompensatedDynamics;
import io.tempora.model.EventModel;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.ModelWorkspace;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverSettings;
import java.util.Arrays;

/**
 * The negative log-likelihood of one window of events and its gradient with respect to every model
 * parameter, on the plain {@code double[]} path (one window at a time; one instance per thread).
 *
 * <p>Forward, for each event {@code i} of the window: solve the segment {@code [h, Λ]} from
 * {@code [h(t_{i−1}⁺), 0]} over the gap ({@link CompensatedDynamics}), score
 * {@code −log λ_{k_i}(h⁻) − log p(x̃_i | h⁻) + Λ_i}, jump. Backward, events in reverse: the jump's
 * VJP (GRU and embedding), the intensity and feature heads' VJPs at {@code h⁻}, then the segment's
 * flow VJP by the chosen {@link GradientMethod} with cotangent {@code [a_h, 1]} ({@code Λ} enters
 * the NLL with weight one). The gradient reaches {@code h0} only for a window that starts at its
 * sequence's origin; a later window starts from a state filtered through its history, treated as a
 * constant (truncated backpropagation through time).
 *
 * <p>Segments longer than {@link #CHECKPOINT_INTERVAL} model units are solved in pieces whose
 * start states are kept, and the flow VJP is chained through the pieces: the adjoint integrates the
 * state backwards from each piece's end, which is unstable over long spans when the forward
 * dynamics contract (the leak makes them contract; backwards they expand, and over a long gap the
 * state overflows), so no backward solve spans more than one piece.
 *
 * <p>Everything is in model units and standardised features; the window's value in data units is
 * {@code nll + n · (log timeUnit + Σ_j log sd_j)}.
 */
public final class WindowGradient {

    /** The longest span (model units) one backward solve covers; longer segments are checkpointed. */
    public static final double CHECKPOINT_INTERVAL = 2.0;

    private final EventModel model;
    private final GradientMethod method;
    private final int d;
    private final int f;
    private final ModelWorkspace ws;
    private final CompensatedDynamics field;
    private final RungeKuttaSolver solver;
    private final SolveStats stats = new SolveStats();
    private final double[] a1;
    private final double[] a0;
    private final double[] gh;
    private final double[] hScratch;
    private final double[] y0;
    private final double[] x;
    private double[][] hPlus = new double[0][];
    private double[][] yMinus = new double[0][];
    private double[] gaps = new double[0];
    private double[] jumpGaps = new double[0];
    private int[] pieceStart = new int[0];
    private int[] pieceCount = new int[0];
    private double[][] checkpoints = new double[0][];
    private final double[] end;
    private long forwardEvaluations;
    private long backwardEvaluations;

    /**
     * @param model    the model (its live parameters)
     * @param method   how to differentiate through the segments (not shared with other threads)
     * @param settings the forward solver's settings; use the method's own settings for consistency
     */
    public WindowGradient(EventModel model, GradientMethod method, SolverSettings settings) {
        this.model = model;
        this.method = method;
        ModelArchitecture a = model.architecture();
        this.d = a.latentDim();
        this.f = a.numFeatures();
        this.ws = model.newWorkspace();
        this.field = new CompensatedDynamics(model);
        this.solver = settings.build(d + 1);
        this.a1 = new double[d + 1];
        this.a0 = new double[d + 1];
        this.gh = new double[d];
        this.hScratch = new double[d];
        this.y0 = new double[d + 1];
        this.x = new double[f];
        this.end = new double[d];
    }

    /** The latent state right after the last event of the last {@link #compute} call (its window's end). */
    public void endState(double[] out) {
        System.arraycopy(end, 0, out, 0, d);
    }

    /** Forward solver evaluations so far. */
    public long forwardEvaluations() {
        return forwardEvaluations;
    }

    /** Backward evaluations so far (as {@link GradientMethod#flowVjp} counts them). */
    public long backwardEvaluations() {
        return backwardEvaluations;
    }

    /**
     * The NLL (model units) of events {@code [from, to)} of {@code sequence}, adding its gradient into
     * {@code grad} (the model's parameter layout).
     *
     * @param start         the latent state right after event {@code from − 1} (or the entity's
     *                      start); read only
     * @param startTime     the time of that state (data units): {@code t_{from−1}}, or the origin
     * @param fromOrigin    whether {@code start} is the model's {@code h0} (then its gradient is kept)
     * @param grad          accumulates the gradient; null for the value only
     */
    public double compute(
            EventSequence sequence,
            int from,
            int to,
            double[] start,
            double startTime,
            boolean fromOrigin,
            double[] grad) {
        int n = to - from;
        ensureCapacity(n);
        double unit = model.timeUnit();
        double nll = 0;
        double[] h = hScratch;
        System.arraycopy(start, 0, h, 0, d);
        double prevTime = startTime;
        int used = 0;
        for (int i = 0; i < n; i++) {
            int e = from + i;
            double t = sequence.time(e);
            double gap = (t - prevTime) / unit;
            gaps[i] = gap;
            jumpGaps[i] = gap;
            System.arraycopy(h, 0, hPlus[i], 0, d);
            double[] y = yMinus[i];
            System.arraycopy(h, 0, y, 0, d);
            y[d] = 0;
            int pieces = pieces(gap);
            pieceCount[i] = pieces;
            pieceStart[i] = used;
            double piece = gap / pieces;
            for (int j = 0; j < pieces; j++) {
                if (pieces > 1) {
                    ensureCheckpoints(used + 1);
                    System.arraycopy(y, 0, checkpoints[used++], 0, d + 1);
                }
                solver.solve(field, 0, y, piece, y, stats);
                forwardEvaluations += stats.evaluations();
            }
            loadFeatures(sequence, e);
            nll -= ws.logIntensity(y, sequence.type(e)) - y[d];
            if (f > 0) {
                nll -= ws.featureLogDensity(y, x);
            }
            ws.jump(y, sequence.type(e), gap, x, h);
            prevTime = t;
        }
        System.arraycopy(h, 0, end, 0, d);
        if (grad == null) {
            return nll;
        }
        Arrays.fill(gh, 0);
        boolean zero = true; // the last event's jump does not reach the loss
        for (int i = n - 1; i >= 0; i--) {
            int e = from + i;
            int type = sequence.type(e);
            double[] y = yMinus[i];
            loadFeatures(sequence, e);
            if (!zero) {
                ws.jump(y, type, jumpGaps[i], x, hScratch);
                ws.jumpVjp(type, gh, a1, grad);
            } else {
                Arrays.fill(a1, 0, d, 0);
            }
            ws.logIntensityVjp(y, type, -1.0, a1, grad);
            if (f > 0) {
                ws.featureLogDensityVjp(y, x, -1.0, a1, grad);
            }
            a1[d] = 1.0;
            int pieces = pieceCount[i];
            if (pieces <= 1) {
                System.arraycopy(hPlus[i], 0, y0, 0, d);
                y0[d] = 0;
                backwardEvaluations += method.flowVjp(field, 0, y0, gaps[i], y, a1, a0, grad);
            } else {
                double piece = gaps[i] / pieces;
                for (int j = pieces - 1; j >= 0; j--) {
                    double[] end = j == pieces - 1 ? y : checkpoints[pieceStart[i] + j + 1];
                    backwardEvaluations +=
                            method.flowVjp(field, 0, checkpoints[pieceStart[i] + j], piece, end, a1, a0, grad);
                    System.arraycopy(a0, 0, a1, 0, d + 1);
                }
            }
            System.arraycopy(a0, 0, gh, 0, d);
            zero = false;
        }
        if (fromOrigin) {
            int off = model.initialState().offset();
            for (int j = 0; j < d; j++) {
                grad[off + j] += gh[j];
            }
        }
        return nll;
    }

    private void loadFeatures(EventSequence sequence, int e) {
        FeatureStandardiser.standardise(model, sequence, e, x);
    }

    /** The number of pieces a segment of {@code gap} model units is solved in. */
    public static int pieces(double gap) {
        return gap > CHECKPOINT_INTERVAL ? (int) Math.ceil(gap / CHECKPOINT_INTERVAL) : 1;
    }

    private void ensureCheckpoints(int n) {
        if (checkpoints.length >= n) {
            return;
        }
        double[][] grown = java.util.Arrays.copyOf(checkpoints, Math.max(n, 2 * checkpoints.length + 8));
        for (int i = checkpoints.length; i < grown.length; i++) {
            grown[i] = new double[d + 1];
        }
        checkpoints = grown;
    }

    private void ensureCapacity(int n) {
        if (hPlus.length >= n) {
            return;
        }
        int cap = Math.max(n, 2 * hPlus.length);
        hPlus = new double[cap][d];
        yMinus = new double[cap][d + 1];
        gaps = new double[cap];
        jumpGaps = new double[cap];
        pieceStart = new int[cap];
        pieceCount = new int[cap];
    }
}
