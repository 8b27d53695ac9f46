package io.tempora.nd4j.nn;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Mlp} on a fixed batch of {@code B} rows with ND4J (same maths, row-major {@code B x D}
 * activations, each activation in its {@link NdActivations} form). All activation and cotangent
 * buffers are allocated once here; a forward or VJP call allocates no native memory. Not thread-safe.
 */
public final class BatchedMlp {

    private final Mlp mlp;
    private final int batch;
    private final List<BatchedLinear> layers = new ArrayList<>();
    private final NdActivation[] activations;
    private final INDArray input;
    private final INDArray[] pre;
    private final INDArray[] post;
    private final INDArray[] delta;
    private final INDArray[] back;

    /**
     * @param grads where parameter gradients accumulate; {@code null} for forward-only use
     * @throws IllegalArgumentException if an activation has no ND4J form ({@link NdActivations#of})
     */
    public BatchedMlp(Mlp mlp, NdParameters params, NdGradient grads, int batch) {
        this.mlp = mlp;
        this.batch = batch;
        MlpSpec spec = mlp.spec();
        int depth = spec.depth();
        input = Nd4j.create(DataType.DOUBLE, batch, spec.in());
        pre = new INDArray[depth];
        post = new INDArray[depth];
        delta = new INDArray[depth];
        back = new INDArray[depth];
        activations = new NdActivation[depth];
        for (int l = 0; l < depth; l++) {
            layers.add(new BatchedLinear(mlp.layers().get(l), params, grads, batch));
            activations[l] = NdActivations.of(spec.activation(l));
            int n = spec.layerOut(l);
            pre[l] = Nd4j.create(DataType.DOUBLE, batch, n);
            post[l] = Nd4j.create(DataType.DOUBLE, batch, n);
            delta[l] = Nd4j.create(DataType.DOUBLE, batch, n);
            back[l] = Nd4j.create(DataType.DOUBLE, batch, n);
        }
    }

    public Mlp mlp() {
        return mlp;
    }

    public int batch() {
        return batch;
    }

    /**
     * Runs the MLP on {@code x} ({@code B x in}) and returns the internal output buffer
     * ({@code B x out}), valid until the next call. Caches activations for {@link #vjp}.
     */
    public INDArray forward(INDArray x) {
        input.assign(x);
        INDArray a = input;
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(a, pre[l]);
            // back[l] is free during the forward pass: softplus uses it as scratch.
            activations[l].forward(pre[l], post[l], back[l]);
            a = post[l];
        }
        return a;
    }

    /** {@link #forward(INDArray)}, copying the output into {@code y}. */
    public void forward(INDArray x, INDArray y) {
        y.assign(forward(x));
    }

    /**
     * VJP at the last forward point: writes {@code gx} ({@code B x in}; skipped when {@code null})
     * and accumulates parameter gradients into the {@link NdGradient}. {@code gy} is only read.
     */
    public void vjp(INDArray gy, INDArray gx) {
        INDArray g = gy;
        for (int l = layers.size() - 1; l >= 0; l--) {
            activations[l].vjp(pre[l], post[l], g, delta[l]);
            INDArray prev = l == 0 ? input : post[l - 1];
            INDArray target = l > 0 ? back[l - 1] : gx;
            layers.get(l).vjp(prev, delta[l], target);
            g = target;
        }
    }
}
