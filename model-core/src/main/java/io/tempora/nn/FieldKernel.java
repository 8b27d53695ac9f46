package io.tempora.nn;

/**
 * The streaming path's latent dynamics and intensities at one state (batch 1), for callers that
 * evaluate the same small model millions of times (the streaming scorer's solves):
 * <pre>
 *   f(x) = W₂ tanh(W₁ x + b₁) + b₂ − γ ⊙ x,    λ_k(x) = softplus(w_k · x + b_k)
 * </pre>
 * with {@code W₁} ({@code H × D}), {@code W₂} ({@code D × H}) and the head {@code W_λ} ({@code K × D})
 * row-major in a flat parameter vector (the layout of {@link Linear}) and the leak rates {@code γ} given.
 *
 * <p>{@link #create} takes the Vector API kernel ({@code VectorFieldKernel}: fused multiply-adds, several
 * outputs per SIMD register, all of it in one compiled method) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, and the scalar one otherwise ({@link #scalar}; also with
 * {@code -Dtempora.kernel=scalar}). The scalar kernel is bit-identical to the training path
 * ({@link Linear}, {@link Tanh#tanh}, {@link Softplus#softplus}); the vector kernel sums in another order
 * with one rounding per multiply-add, so it differs from it by rounding only (a few ulps of the sum of
 * the terms' magnitudes; tested), ten orders of magnitude below any solver tolerance the scorer uses.
 *
 * <p>{@link #pack} must be called before the first {@link #evaluate} and again whenever the parameters
 * change (callers compare {@link ParameterSet#version()}). Allocates nothing after construction; not
 * thread-safe (a kernel keeps scratch rows).
 */
public interface FieldKernel {

    /** Set {@code -Dtempora.kernel=scalar} to force the scalar kernel (to compare the two). */
    String PROPERTY = "tempora.kernel";

    /**
     * Reads the parameters: {@code W₁, b₁} at {@code theta[w1..]}, {@code theta[b1..]}; {@code W₂, b₂} at
     * {@code w2, b2}; the head at {@code wl, bl}; and copies the leak rates {@code gamma[0, D)}.
     */
    void pack(double[] theta, int w1, int b1, int w2, int b2, int wl, int bl, double[] gamma);

    /**
     * Writes {@code f(x)} into {@code dxdt[0, D)} and {@code λ(x)} into {@code lambda[0, K)}; reads
     * {@code x[0, D)} only. {@code dxdt} must not be {@code x}.
     */
    void evaluate(double[] x, double[] dxdt, double[] lambda);

    /** Whether this JVM can run the Vector API kernel (the module {@code jdk.incubator.vector} is resolved and not switched off). */
    static boolean vectorAvailable() {
        return FieldKernels.VECTOR;
    }

    /** The fastest kernel this JVM supports (see the class comment). */
    static FieldKernel create(int d, int hidden, int heads) {
        FieldKernels.requireShape(d, hidden, heads);
        return vectorAvailable() ? FieldKernels.vector(d, hidden, heads) : scalar(d, hidden, heads);
    }

    /** The plain-Java kernel, bit-identical to the training path. */
    static FieldKernel scalar(int d, int hidden, int heads) {
        return new ScalarFieldKernel(d, hidden, heads);
    }
}
