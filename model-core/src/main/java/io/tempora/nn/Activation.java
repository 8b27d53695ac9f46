package io.tempora.nn;

/**
 * An elementwise activation layer {@code y_i = f(x_i)} with no parameters, on the plain path (the batched
 * ND4J forms of the built-in activations live in model-nd4j, {@code io.tempora.nd4j.nn.NdActivations}).
 *
 * <p>VJP: {@code gx_i = gy_i * f'(x_i)}. Input cotangents are <em>written</em> (not accumulated),
 * as for every layer in this package; parameter gradients are accumulated.
 *
 * <p>The methods allocate nothing.
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
}
