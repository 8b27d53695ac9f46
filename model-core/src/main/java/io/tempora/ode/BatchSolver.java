package io.tempora.ode;

/**
 * Solves {@code B} independent systems of dimension {@code D}, each over its own interval
 * {@code [t0_b, t1_b]}, as one system on {@code s ∈ [0, 1]} with one step-size controller
 * (Chen et al. 2018, batching of irregular time series; Rubanova et al. 2019):
 * <pre>
 *   t_b(s) = t0_b + s·(t1_b − t0_b),    dy_b/ds = (t1_b − t0_b) · f(t_b(s), y_b)
 * </pre>
 * The error norm runs over the whole flattened state, so the hardest sample sets the step for all;
 * intervals may differ in length and direction, and a zero-length interval leaves its sample unchanged.
 * Tolerances are given per sample (dimension D, or scalar) and apply to every sample alike; excluded
 * components are excluded in every sample.
 *
 * <p>Built by {@link RungeKuttaSolver.Builder#buildBatch}. Like the plain solver it owns its workspace
 * and allocates nothing per simple solve once warm; not thread-safe.
 */
public final class BatchSolver {

    private final RungeKuttaSolver solver;
    private final int batch;
    private final int dimension;
    private final double[] t0;
    private final double[] span;
    private final double[] times;
    private final Rescaled rescaled = new Rescaled();

    BatchSolver(RungeKuttaSolver solver, int batch, int dimension) {
        this.solver = solver;
        this.batch = batch;
        this.dimension = dimension;
        this.t0 = new double[batch];
        this.span = new double[batch];
        this.times = new double[batch];
    }

    /** Number of systems B. */
    public int batchSize() {
        return batch;
    }

    /** Dimension D of each system. */
    public int dimension() {
        return dimension;
    }

    /** The solver of the flattened, rescaled system (dimension B·D, time s). */
    public RungeKuttaSolver flatSolver() {
        return solver;
    }

    /**
     * Solves every sample from {@code t0[b]} to {@code t1[b]}; writes the final states into {@code y1}.
     * Allocates nothing once warm.
     *
     * @param f     the batched vector field
     * @param t0    start times, length B
     * @param t1    end times, length B (each may be before, after or equal to its start)
     * @param y0    initial states, flattened, length B·D
     * @param y1    receives the final states, flattened, length B·D
     * @param stats receives the counts (one evaluation evaluates the whole batch)
     */
    public void solve(BatchVectorField f, double[] t0, double[] t1, double[] y0, double[] y1, SolveStats stats) {
        prepare(f, t0, t1);
        try {
            solver.solve(rescaled, 0, y0, 1, y1, stats);
        } finally {
            rescaled.field = null;
        }
    }

    /**
     * As {@link #solve(BatchVectorField, double[], double[], double[], double[], SolveStats)}, with a
     * listener on every accepted step of the rescaled system: its times are {@code s}, its states the
     * flattened batch, its dense output interpolates in {@code s}.
     */
    public void solve(
            BatchVectorField f,
            double[] t0,
            double[] t1,
            double[] y0,
            double[] y1,
            SolveStats stats,
            StepListener listener) {
        prepare(f, t0, t1);
        try {
            solver.solve(rescaled, 0, y0, 1, y1, stats, listener);
        } finally {
            rescaled.field = null;
        }
    }

    /**
     * A rich solve of the rescaled system: output times, forced step times and events are all in
     * {@code s ∈ [0, 1]} (sample {@code b} is at its own time {@code t0_b + s·(t1_b − t0_b)}).
     */
    public Solution solve(BatchVectorField f, double[] t0, double[] t1, double[] y0, SolveRequest request) {
        prepare(f, t0, t1);
        try {
            return solver.solve(rescaled, 0, y0, 1, request);
        } finally {
            rescaled.field = null;
        }
    }

    private void prepare(BatchVectorField f, double[] start, double[] end) {
        if (f == null) {
            throw SolverException.invalid("the batched vector field is null");
        }
        if (start == null || end == null || start.length != batch || end.length != batch) {
            throw SolverException.invalid("start and end times must both have the batch size " + batch + ", were "
                    + (start == null ? "null" : start.length) + " and " + (end == null ? "null" : end.length));
        }
        for (int b = 0; b < batch; b++) {
            if (!Double.isFinite(start[b]) || !Double.isFinite(end[b])) {
                throw SolverException.invalid(
                        "sample " + b + " has a non-finite interval [" + start[b] + ", " + end[b] + "]");
            }
            t0[b] = start[b];
            span[b] = end[b] - start[b];
        }
        rescaled.field = f;
    }

    /** The rescaled field on s: the sample's derivative times its interval length. */
    private final class Rescaled implements VectorField {
        BatchVectorField field;

        @Override
        public void evaluate(double s, double[] y, double[] dyds) {
            for (int b = 0; b < batch; b++) {
                times[b] = t0[b] + s * span[b];
            }
            field.evaluate(s, times, y, dyds);
            for (int b = 0; b < batch; b++) {
                double scale = span[b];
                int offset = b * dimension;
                for (int i = 0; i < dimension; i++) {
                    dyds[offset + i] *= scale;
                }
            }
        }
    }
}
