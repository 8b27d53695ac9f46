package io.tempora.nd4j.adjoint;

import io.tempora.adjoint.BatchDynamics;
import io.tempora.nd4j.nn.BatchedMlpVectorField;
import io.tempora.nd4j.nn.NdGradient;
import io.tempora.nd4j.nn.NdParameters;
import io.tempora.nn.Gradient;
import io.tempora.nn.Mlp;
import io.tempora.nn.ParameterSet;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchDynamics} on ND4J: the whole batch of {@code dh/dt = MLP(h)} evaluated with matrix products
 * ({@link BatchedMlpVectorField}) into preallocated arrays that the flat state is copied in and out of;
 * the same maths as {@link BatchDynamics#plain} (agreement tested). The parameter mirror refreshes when
 * the set's version moves. Not thread-safe.
 */
public final class NdBatchDynamics extends BatchDynamics {

    private final NdParameters ndParams;
    private final NdGradient ndGrad;
    private final Gradient drain;
    private final BatchedMlpVectorField field;
    private final INDArray h;
    private final INDArray f;
    private final INDArray a;
    private final INDArray g;

    /** {@code batch} copies of {@code mlp}'s dynamics over {@code params}. */
    public NdBatchDynamics(Mlp mlp, ParameterSet params, int batch) {
        super(batch, mlp.in(), params.size());
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
        Arrays.fill(acc, 0);
        ndGrad.drainInto(drain);
        for (int k = 0; k < parameterCount; k++) {
            dtheta[k] += acc[k];
        }
    }
}
