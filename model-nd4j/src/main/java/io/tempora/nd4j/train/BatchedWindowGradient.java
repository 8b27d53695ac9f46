package io.tempora.nd4j.train;

import io.tempora.adjoint.GradientMethod;
import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.ModelWorkspace;
import io.tempora.model.TypeForm;
import io.tempora.model.train.FeatureStandardiser;
import io.tempora.model.train.WindowGradient;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverSettings;
import java.util.Arrays;

/**
 * {@link WindowGradient} for up to {@code B} windows stepped together, event index by event index:
 * segment {@code i} of every window is one solve of {@link BatchedCompensatedField} over
 * {@code s ∈ [0, 1]} (each row rescaled by its own gap, rows whose window has ended masked), and the
 * event-time operations (heads, jump) run per row. The backward pass walks the event indices in
 * reverse with one flow VJP per index (per piece: segments are checkpointed as in
 * {@link WindowGradient#CHECKPOINT_INTERVAL}, by the longest gap among the rows). Gives the same values and gradients as the plain path up to
 * the solver's tolerance (the rows share one error norm and step sequence). Not thread-safe.
 */
public final class BatchedWindowGradient {

    private final EventModel model;
    private final GradientMethod method;
    private final BatchedCompensatedField field;
    private final RungeKuttaSolver solver;
    private final SolveStats stats = new SolveStats();
    private final ModelWorkspace ws;
    private final int batch;
    private final int d;
    private final int f;
    private final int row;
    private final double[] a1;
    private final double[] a0;
    private final double[][] gh;
    private final double[][] h;
    private final double[] hMinus;
    private final double[] scratch;
    private final double[] x;
    private final double[] prev;
    private double[][] y0 = new double[0][];
    private double[][] y1 = new double[0][];
    private double[][] deltas = new double[0][];
    private int[] pieceStart = new int[0];
    private int[] pieceCount = new int[0];
    private double[][] checkpoints = new double[0][];
    private long forwardEvaluations;
    private long backwardEvaluations;

    /**
     * @param batch    the most windows per call
     * @param method   the gradient method (not shared with other threads)
     * @param settings the forward solver's settings
     */
    public BatchedWindowGradient(EventModel model, int batch, GradientMethod method, SolverSettings settings) {
        if (model.architecture().typeForm() != TypeForm.PER_TYPE) {
            throw new IllegalArgumentException("the batched ND4J path trains the per-type form only, and this model is "
                    + model.architecture().typeForm() + " ("
                    + model.architecture().numTypes()
                    + " types); train it on the plain path (WindowExecutor.PLAIN, the default)");
        }
        this.model = model;
        this.method = method;
        this.batch = batch;
        this.d = model.architecture().latentDim();
        this.f = model.architecture().numFeatures();
        this.row = d + 1;
        this.field = new BatchedCompensatedField(model, batch);
        this.solver = settings.build(batch * row);
        this.ws = model.newWorkspace();
        this.a1 = new double[batch * row];
        this.a0 = new double[batch * row];
        this.gh = new double[batch][d];
        this.h = new double[batch][d];
        this.hMinus = new double[d];
        this.scratch = new double[d];
        this.x = new double[f];
        this.prev = new double[batch];
    }

    public long forwardEvaluations() {
        return forwardEvaluations;
    }

    public long backwardEvaluations() {
        return backwardEvaluations;
    }

    /**
     * The summed NLL (model units) of {@code count} windows, window {@code b} being events
     * {@code [from[b], to[b])} of {@code sequences[b]} starting from {@code start[b]} at
     * {@code startTime[b]}; adds the gradient into {@code grad} (null: value only) and writes each
     * window's end state into {@code ends[b]} (null: not wanted). Arguments as in
     * {@link WindowGradient#compute}.
     */
    public double compute(
            int count,
            EventSequence[] sequences,
            int[] from,
            int[] to,
            double[][] start,
            double[] startTime,
            boolean[] fromOrigin,
            double[] grad,
            double[][] ends) {
        if (count < 1 || count > batch) {
            throw new IllegalArgumentException("between 1 and " + batch + " windows per call, got " + count);
        }
        int steps = 0;
        for (int b = 0; b < count; b++) {
            steps = Math.max(steps, to[b] - from[b]);
            System.arraycopy(start[b], 0, h[b], 0, d);
            prev[b] = startTime[b];
        }
        ensureCapacity(steps);
        for (int b = count; b < batch; b++) {
            Arrays.fill(h[b], 0);
        }
        double unit = model.timeUnit();
        double nll = 0;
        int used = 0;
        for (int i = 0; i < steps; i++) {
            double[] in = y0[i];
            double[] out = y1[i];
            double[] del = deltas[i];
            boolean any = false;
            for (int b = 0; b < batch; b++) {
                boolean active = b < count && from[b] + i < to[b];
                del[b] = active ? (sequences[b].time(from[b] + i) - prev[b]) / unit : 0;
                any |= del[b] > 0;
                System.arraycopy(h[b], 0, in, b * row, d);
                in[b * row + d] = 0;
            }
            System.arraycopy(in, 0, out, 0, in.length);
            double maxGap = 0;
            for (double g : del) {
                maxGap = Math.max(maxGap, g);
            }
            int pieces = WindowGradient.pieces(maxGap);
            pieceCount[i] = pieces;
            pieceStart[i] = used;
            if (any) {
                System.arraycopy(del, 0, field.delta, 0, batch);
                for (int j = 0; j < pieces; j++) {
                    if (pieces > 1) {
                        ensureCheckpoints(used + 1);
                        System.arraycopy(out, 0, checkpoints[used++], 0, out.length);
                    }
                    solver.solve(field, 0, out, 1.0 / pieces, out, stats);
                    forwardEvaluations += stats.evaluations();
                }
            }
            for (int b = 0; b < count; b++) {
                int e = from[b] + i;
                if (e >= to[b]) {
                    continue;
                }
                System.arraycopy(out, b * row, hMinus, 0, d);
                int type = sequences[b].type(e);
                FeatureStandardiser.standardise(model, sequences[b], e, x);
                nll -= ws.logIntensity(hMinus, type) - out[b * row + d];
                if (f > 0) {
                    nll -= ws.featureLogDensity(hMinus, x);
                }
                ws.jump(hMinus, type, del[b], x, h[b]);
                prev[b] = sequences[b].time(e);
            }
        }
        if (ends != null) {
            for (int b = 0; b < count; b++) {
                System.arraycopy(h[b], 0, ends[b], 0, d);
            }
        }
        if (grad == null) {
            return nll;
        }
        for (double[] g : gh) {
            Arrays.fill(g, 0);
        }
        for (int i = steps - 1; i >= 0; i--) {
            double[] out = y1[i];
            Arrays.fill(a1, 0);
            for (int b = 0; b < count; b++) {
                int e = from[b] + i;
                if (e >= to[b]) {
                    continue;
                }
                System.arraycopy(out, b * row, hMinus, 0, d);
                int type = sequences[b].type(e);
                FeatureStandardiser.standardise(model, sequences[b], e, x);
                if (e < to[b] - 1) {
                    ws.jump(hMinus, type, deltas[i][b], x, scratch);
                    ws.jumpVjp(type, gh[b], scratch, grad);
                    System.arraycopy(scratch, 0, a1, b * row, d);
                }
                System.arraycopy(a1, b * row, scratch, 0, d);
                ws.logIntensityVjp(hMinus, type, -1.0, scratch, grad);
                if (f > 0) {
                    ws.featureLogDensityVjp(hMinus, x, -1.0, scratch, grad);
                }
                System.arraycopy(scratch, 0, a1, b * row, d);
                a1[b * row + d] = 1.0;
            }
            System.arraycopy(deltas[i], 0, field.delta, 0, batch);
            int pieces = pieceCount[i];
            if (pieces <= 1) {
                backwardEvaluations += method.flowVjp(field, 0, y0[i], 1, out, a1, a0, grad);
            } else {
                for (int j = pieces - 1; j >= 0; j--) {
                    double[] end = j == pieces - 1 ? out : checkpoints[pieceStart[i] + j + 1];
                    backwardEvaluations +=
                            method.flowVjp(field, 0, checkpoints[pieceStart[i] + j], 1.0 / pieces, end, a1, a0, grad);
                    System.arraycopy(a0, 0, a1, 0, a1.length);
                }
            }
            for (int b = 0; b < count; b++) {
                if (from[b] + i < to[b]) {
                    System.arraycopy(a0, b * row, gh[b], 0, d);
                }
            }
        }
        int off = model.initialState().offset();
        for (int b = 0; b < count; b++) {
            if (fromOrigin[b]) {
                for (int j = 0; j < d; j++) {
                    grad[off + j] += gh[b][j];
                }
            }
        }
        return nll;
    }

    private void ensureCheckpoints(int n) {
        if (checkpoints.length >= n) {
            return;
        }
        double[][] grown = Arrays.copyOf(checkpoints, Math.max(n, 2 * checkpoints.length + 8));
        for (int i = checkpoints.length; i < grown.length; i++) {
            grown[i] = new double[batch * row];
        }
        checkpoints = grown;
    }

    private void ensureCapacity(int steps) {
        if (y0.length >= steps) {
            return;
        }
        int cap = Math.max(steps, 2 * y0.length);
        y0 = new double[cap][batch * row];
        y1 = new double[cap][batch * row];
        deltas = new double[cap][batch];
        pieceStart = new int[cap];
        pieceCount = new int[cap];
    }
}
