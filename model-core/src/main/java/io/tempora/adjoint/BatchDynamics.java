package io.tempora.adjoint;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpVectorField;
import io.tempora.nn.ParameterSet;

/**
 * {@code B} independent copies of {@code dh/dt = MLP(h)} sharing one parameter set, as one
 * {@link DifferentiableField} over the flattened state {@code [h_0, …, h_{B−1}]} (sample-major,
 * {@code B·D} values); the parameter gradient is the sum over samples. Solving it with one solver
 * gives the batch one step-size controller, as batched training does.
 *
 * <p>{@link #plain} loops over the samples on the {@code double[]} path; model-nd4j's
 * {@code io.tempora.nd4j.adjoint.NdBatchDynamics} evaluates the whole batch with ND4J matrix products
 * (it pays only for large batches; see {@code docs/decisions.md}). Not thread-safe.
 */
public abstract class BatchDynamics implements DifferentiableField {

    protected final int batch;
    protected final int dim;
    protected final int parameterCount;
    /** The field at {@code y}, which {@link #vjp} computes on the way and does not return. */
    private final double[] scratch;

    /** A batch of {@code batch} states of {@code dim} values sharing {@code parameterCount} parameters. */
    protected BatchDynamics(int batch, int dim, int parameterCount) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        }
        this.batch = batch;
        this.dim = dim;
        this.parameterCount = parameterCount;
        this.scratch = new double[batch * dim];
    }

    /** The batch on the plain path. */
    public static BatchDynamics plain(Mlp mlp, ParameterSet params, int batch) {
        return new Plain(mlp, params, batch);
    }

    /** The number of samples. */
    public int batch() {
        return batch;
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        evaluateAndVjp(t, y, a, scratch, dy, dtheta);
    }

    private static final class Plain extends BatchDynamics {
        private final MlpVectorField field;
        private final double[] h;
        private final double[] f;
        private final double[] a;
        private final double[] g;

        Plain(Mlp mlp, ParameterSet params, int batch) {
            super(batch, mlp.in(), params.size());
            this.field = new MlpVectorField(mlp, params);
            this.h = new double[dim];
            this.f = new double[dim];
            this.a = new double[dim];
            this.g = new double[dim];
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(y, b * dim, h, 0, dim);
                field.evaluate(t, h, f);
                System.arraycopy(f, 0, dydt, b * dim, dim);
            }
        }

        @Override
        public void evaluateAndVjp(double t, double[] y, double[] av, double[] dydt, double[] dy, double[] dtheta) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(y, b * dim, h, 0, dim);
                System.arraycopy(av, b * dim, a, 0, dim);
                field.evaluateWithVjp(h, a, f, g, dtheta, 0);
                System.arraycopy(f, 0, dydt, b * dim, dim);
                System.arraycopy(g, 0, dy, b * dim, dim);
            }
        }
    }
}
