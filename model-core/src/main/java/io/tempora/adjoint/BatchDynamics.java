package io.tempora.adjoint;

import io.tempora.nn.BatchedMlpVectorField;
import io.tempora.nn.Gradient;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpVectorField;
import io.tempora.nn.NdGradient;
import io.tempora.nn.NdParameters;
import io.tempora.nn.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code B} independent copies of {@code dh/dt = MLP(h)} sharing one parameter set, as one
 * {@link DifferentiableField} over the flattened state {@code [h_0, …, h_{B−1}]} (sample-major,
 * {@code B·D} values); the parameter gradient is the sum over samples. Solving it with one solver
 * gives the batch one step-size controller, as batched training does.
 *
 * <p>Two implementations of the same maths: {@link #plain} loops over the samples on the
 * {@code double[]} path; {@link #nd4j} evaluates the whole batch with ND4J matrix products into
 * preallocated arrays (design.md: it pays from a batch of about 128). Not thread-safe.
 */
public abstract sealed class BatchDynamics implements DifferentiableField {

    protected final int batch;
    protected final int dim;
    protected final int parameterCount;
    /** The field at {@code y}, which {@link #vjp} computes on the way and does not return. */
    private final double[] scratch;

    private BatchDynamics(int batch, int dim, int parameterCount) {
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

    /** The batch on ND4J. */
    public static BatchDynamics nd4j(Mlp mlp, ParameterSet params, int batch) {
        return new Nd(mlp, params, batch);
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

    private static final class Nd extends BatchDynamics {
        private final ParameterSet params;
        private final NdParameters ndParams;
        private final NdGradient ndGrad;
        private final Gradient drain;
        private final BatchedMlpVectorField field;
        private final INDArray h;
        private final INDArray f;
        private final INDArray a;
        private final INDArray g;

        Nd(Mlp mlp, ParameterSet params, int batch) {
            super(batch, mlp.in(), params.size());
            this.params = params;
            this.ndParams = new NdParameters(params);
            this.ndGrad = new NdGradient(params);
            this.drain = params.newGradient();
            this.field = new BatchedMlpVectorField(mlp, ndParams, ndGrad, batch);
            this.h = Nd4j.create(DataType.DOUBLE, batch, dim);
            this.f = Nd4j.create(DataType.DOUBLE, batch, dim);
            this.a = Nd4j.create(DataType.DOUBLE, batch, dim);
            this.g = Nd4j.create(DataType.DOUBLE, batch, dim);
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
            ndParams.refresh();
            h.data().setData(y);
            field.evaluate(h, f);
            f.data().asNioDouble().get(0, dydt, 0, batch * dim);
        }

        @Override
        public void evaluateAndVjp(double t, double[] y, double[] av, double[] dydt, double[] dy, double[] dtheta) {
            evaluate(t, y, dydt);
            a.data().setData(av);
            field.vjp(a, g);
            g.data().asNioDouble().get(0, dy, 0, batch * dim);
            double[] acc = drain.values();
            java.util.Arrays.fill(acc, 0);
            ndGrad.drainInto(drain);
            for (int k = 0; k < parameterCount; k++) {
                dtheta[k] += acc[k];
            }
        }
    }
}
