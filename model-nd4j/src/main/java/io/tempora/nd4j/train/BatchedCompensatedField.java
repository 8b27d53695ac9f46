package io.tempora.nd4j.train;

import io.tempora.adjoint.DifferentiableField;
import io.tempora.model.EventModel;
import io.tempora.nd4j.nn.BatchedMlpVectorField;
import io.tempora.nd4j.nn.NdGradient;
import io.tempora.nd4j.nn.NdParameters;
import io.tempora.nn.Sigmoid;
import io.tempora.nn.Softplus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link io.tempora.model.CompensatedDynamics} for {@code B} segments at once, each rescaled to
 * {@code s ∈ [0, 1]} (design.md, "Batching"): on the flattened state of rows {@code [h_b, Λ_b]},
 * <pre>
 *   dh_b/ds = Δ_b (MLP(h_b) − γ ⊙ h_b),     dΛ_b/ds = Δ_b Σ_k softplus(w_k · h_b + b_k)
 * </pre>
 * with {@code Δ_b} the row's gap in model units, 0 for a row whose window has ended (masked: it
 * stays put). The MLP and its VJP run on ND4J ({@link BatchedMlpVectorField}) over preallocated
 * arrays the flat state is copied in and out of; the leak and the intensity head (a few hundred
 * multiply-adds per row) stay on the heap. A {@link DifferentiableField}, so the adjoint and direct
 * backpropagation handle it unchanged. Not thread-safe.
 */
final class BatchedCompensatedField implements DifferentiableField {

    private final EventModel model;
    private final int batch;
    private final int d;
    private final int k;
    private final int row;
    private final int mlpSize;
    private final NdGradient ndGrad;
    private final BatchedMlpVectorField mlp;
    private final INDArray hNd;
    private final INDArray fNd;
    private final INDArray aNd;
    private final INDArray ghNd;
    private final double[] hb;
    private final double[] fb;
    private final double[] ab;
    private final double[] ghb;
    private final double[] scratch;
    final double[] delta;

    BatchedCompensatedField(EventModel model, int batch) {
        this.model = model;
        this.batch = batch;
        this.d = model.architecture().latentDim();
        this.k = model.architecture().numTypes();
        this.row = d + 1;
        this.mlpSize = model.leak().offset();
        NdParameters nd = new NdParameters(model.parameters());
        this.ndGrad = new NdGradient(model.parameters());
        this.mlp = new BatchedMlpVectorField(model.dynamics(), nd, ndGrad, batch);
        this.hNd = Nd4j.create(DataType.DOUBLE, batch, d);
        this.fNd = Nd4j.create(DataType.DOUBLE, batch, d);
        this.aNd = Nd4j.create(DataType.DOUBLE, batch, d);
        this.ghNd = Nd4j.create(DataType.DOUBLE, batch, d);
        this.hb = new double[batch * d];
        this.fb = new double[batch * d];
        this.ab = new double[batch * d];
        this.ghb = new double[batch * d];
        this.scratch = new double[mlpSize];
        this.delta = new double[batch];
    }

    int batch() {
        return batch;
    }

    @Override
    public int parameterCount() {
        return model.fieldParameterCount();
    }

    private void forward(double[] y) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(y, b * row, hb, b * d, d);
        }
        hNd.data().setData(hb);
        mlp.evaluate(hNd, fNd);
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        forward(y);
        fNd.data().asNioDouble().get(0, fb, 0, fb.length);
        double[] theta = model.parameters().values();
        int leak = model.leak().offset();
        int w = model.intensity().weight().offset();
        int bias = model.intensity().bias().offset();
        for (int b = 0; b < batch; b++) {
            double scale = delta[b];
            int o = b * row;
            int hOff = b * d;
            double total = 0;
            for (int m = 0; m < k; m++) {
                double z = theta[bias + m];
                for (int j = 0; j < d; j++) {
                    z += theta[w + m * d + j] * hb[hOff + j];
                }
                total += Softplus.softplus(z);
            }
            for (int j = 0; j < d; j++) {
                dydt[o + j] = scale * (fb[hOff + j] - Softplus.softplus(theta[leak + j]) * hb[hOff + j]);
            }
            dydt[o + d] = scale * total;
        }
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        forward(y);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < d; j++) {
                ab[b * d + j] = delta[b] * a[b * row + j];
            }
        }
        aNd.data().setData(ab);
        mlp.vjp(aNd, ghNd);
        ghNd.data().asNioDouble().get(0, ghb, 0, ghb.length);
        // The MLP's parameter gradient accumulated on ND4J: add it in and clear the accumulator.
        ndGrad.flat().data().asNioDouble().get(0, scratch, 0, mlpSize);
        for (int i = 0; i < mlpSize; i++) {
            dtheta[i] += scratch[i];
        }
        ndGrad.zero();
        double[] theta = model.parameters().values();
        int leak = model.leak().offset();
        int w = model.intensity().weight().offset();
        int bias = model.intensity().bias().offset();
        for (int b = 0; b < batch; b++) {
            int o = b * row;
            int hOff = b * d;
            for (int j = 0; j < d; j++) {
                double c = theta[leak + j];
                double aj = ab[hOff + j];
                dy[o + j] = ghb[hOff + j] - Softplus.softplus(c) * aj;
                dtheta[leak + j] -= aj * hb[hOff + j] * Sigmoid.sigmoid(c);
            }
            double aLambda = delta[b] * a[o + d];
            if (aLambda != 0) {
                for (int m = 0; m < k; m++) {
                    double z = theta[bias + m];
                    for (int j = 0; j < d; j++) {
                        z += theta[w + m * d + j] * hb[hOff + j];
                    }
                    double s = aLambda * Sigmoid.sigmoid(z);
                    dtheta[bias + m] += s;
                    for (int j = 0; j < d; j++) {
                        dtheta[w + m * d + j] += s * hb[hOff + j];
                        dy[o + j] += s * theta[w + m * d + j];
                    }
                }
            }
            dy[o + d] = 0;
        }
    }
}
