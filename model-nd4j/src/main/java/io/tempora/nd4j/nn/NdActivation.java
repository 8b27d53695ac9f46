package io.tempora.nd4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batched form of an {@link io.tempora.nn.Activation}: {@code y = f(x)} elementwise over a
 * {@code B x n} array and its VJP {@code gx = gy * f'(x)}, in place on caller-owned buffers of one
 * shape, creating no arrays. {@link NdActivations#of} gives the form of each built-in activation.
 */
public interface NdActivation {

    /**
     * {@code y = f(x)}. {@code tmp} is scratch of the same shape (unused by some activations);
     * {@code y}, {@code x} and {@code tmp} must be distinct.
     */
    void forward(INDArray x, INDArray y, INDArray tmp);

    /**
     * {@code gx = gy * f'(x)}, with {@code y = f(x)} from the forward pass. {@code gx} must not alias
     * {@code x}, {@code y} or {@code gy}.
     */
    void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx);
}
