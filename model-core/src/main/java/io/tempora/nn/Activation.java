package io.tempora.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An elementwise activation layer {@code y_i = f(x_i)} with no parameters, on both execution paths.
 *
 * <p>VJP: {@code gx_i = gy_i * f'(x_i)}. Input cotangents are <em>written</em> (not accumulated),
 * as for every layer in this package; parameter gradients are accumulated.
 *
 * <p>Plain-path methods allocate nothing. ND4J methods work in place on caller-owned buffers of one
 * shape; unless a method says otherwise, an output must not alias any input.
 *
 * <p>The constants below are the only instances of the built-in activations. They are created
 * here, not in the implementing classes, because an interface with default methods is initialised
 * together with its implementations, and the other way round would leave them {@code null}.
 */
public interface Activation {

    /** {@code tanh}. */
    Activation TANH = new Tanh();
    /** {@code log(1 + e^x)}, computed stably. */
    Activation SOFTPLUS = new Softplus();
    /** {@code 1 / (1 + e^-x)}. */
    Activation SIGMOID = new Sigmoid();
    /** {@code x}; for linear output layers. */
    Activation IDENTITY = new Identity();

    /** {@code f(x)}. */
    double apply(double x);

    /** {@code f'(x)}, given {@code x} and {@code y = f(x)} (whichever gives the accurate form). */
    double derivative(double x, double y);

    /** Plain path: {@code y[i] = f(x[i])} for {@code i < n}; {@code y} may be {@code x}. */
    default void forward(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = apply(x[i]);
        }
    }

    /**
     * Plain path VJP: {@code gx[i] = gy[i] * f'(x[i])} for {@code i < n}, where {@code y} holds the
     * forward output. {@code gx} may be {@code gy}.
     */
    default void vjp(double[] x, double[] y, double[] gy, double[] gx, int n) {
        for (int i = 0; i < n; i++) {
            gx[i] = gy[i] * derivative(x[i], y[i]);
        }
    }

    /**
     * Batched path: {@code y = f(x)}. {@code tmp} is scratch of the same shape (unused by some
     * activations); {@code y}, {@code x} and {@code tmp} must be distinct.
     */
    void forward(INDArray x, INDArray y, INDArray tmp);

    /**
     * Batched path VJP: {@code gx = gy * f'(x)}, with {@code y = f(x)} from the forward pass.
     * {@code gx} must not alias {@code x}, {@code y} or {@code gy}.
     */
    void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx);
}
