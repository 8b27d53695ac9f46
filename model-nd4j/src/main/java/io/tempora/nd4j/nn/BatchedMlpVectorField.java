package io.tempora.nd4j.nn;

import io.tempora.nn.Mlp;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The vector field {@code f(h) = MLP(h)} on a fixed batch of {@code B} states with ND4J: the batched
 * twin of {@link MlpVectorField}. Rows are independent samples; parameter gradients are summed over
 * rows into the {@link NdGradient}. Not thread-safe.
 */
public final class BatchedMlpVectorField {

    private final BatchedMlp mlp;

    /** {@code grads} may be {@code null} for forward-only use. */
    public BatchedMlpVectorField(Mlp mlp, NdParameters params, NdGradient grads, int batch) {
        if (mlp.in() != mlp.out()) {
            throw new IllegalArgumentException(
                    "a vector field needs in == out but the MLP maps " + mlp.in() + " -> " + mlp.out());
        }
        this.mlp = new BatchedMlp(mlp, params, grads, batch);
    }

    public int dimension() {
        return mlp.mlp().in();
    }

    public int batch() {
        return mlp.batch();
    }

    /** {@code f = MLP(h)} for {@code h}, {@code f} of shape {@code B x D}; caches activations. */
    public void evaluate(INDArray h, INDArray f) {
        mlp.forward(h, f);
    }

    /**
     * At the last {@link #evaluate}: writes {@code aDfDh} (row {@code b}: {@code a_b^T df/dh(h_b)};
     * skipped when {@code null}) and accumulates {@code sum_b a_b^T df/dtheta(h_b)} into the
     * {@link NdGradient}.
     */
    public void vjp(INDArray a, INDArray aDfDh) {
        mlp.vjp(a, aDfDh);
    }

    /** {@link #evaluate} at {@code h} into {@code f}, then {@link #vjp} with cotangents {@code a}. */
    public void evaluateWithVjp(INDArray h, INDArray a, INDArray f, INDArray aDfDh) {
        evaluate(h, f);
        vjp(a, aDfDh);
    }
}
