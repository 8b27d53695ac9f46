package io.tempora.nn;

/**
 * One dense affine layer at batch 1 on the plain {@code double[]} path, {@code out = b + W x} with
 * {@code W} of shape {@code rows × in} stored row-major in a flat parameter vector (the layout of
 * {@link Linear}), for callers that evaluate the same small layer millions of times (the streaming
 * scorer's fused dynamics; a solver benchmark's neural field).
 *
 * <p>Contract: every output is summed left to right,
 * <pre>
 *   out[o] = ((b[o] + W[o][0] x[0]) + W[o][1] x[1]) + … + W[o][in−1] x[in−1]
 * </pre>
 * with a separate multiply and add per term (no fused multiply-add), so every implementation is
 * bit-identical to the others and to {@code Linear}'s plain path. Implementations only differ in how
 * many outputs they carry at once: {@link #create} takes the Vector API one ({@code VectorDenseKernel},
 * several outputs per SIMD register, weights repacked transposed) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, and the scalar one (eight register-blocked rows,
 * reading the parameters in place) otherwise.
 *
 * <p>{@link #pack} must be called before the first {@link #apply} and again whenever the parameters
 * change (callers compare {@link ParameterSet#version()}). Allocates nothing after construction; not
 * thread-safe (a kernel may keep a scratch row).
 */
public interface DenseKernel {

    /** Reads the layer's parameters: {@code W} row-major at {@code theta[weight, weight + rows·in)}, {@code b} at {@code theta[bias, bias + rows)}. */
    void pack(double[] theta, int weight, int bias);

    /** {@code out[o] = b[o] + Σ_i W[o][i] x[i]} for {@code o < rows} (see the class contract); reads {@code x[0, in)}. */
    void apply(double[] x, double[] out);

    /**
     * {@code out[o] = tanh(b[o] + Σ_i W[o][i] x[i])} with {@link Tanh#tanh}: bit-identical to
     * {@link #apply} followed by {@code Tanh.tanh} on every output (an implementation may evaluate
     * {@code Tanh.tanh} several outputs at a time, with the same operations).
     */
    void applyTanh(double[] x, double[] out);

    /**
     * {@code out[o] = softplus(b[o] + Σ_i W[o][i] x[i])} with {@link Softplus#softplus}: bit-identical to
     * {@link #apply} followed by {@code Softplus.softplus} on every output (an intensity head).
     */
    void applySoftplus(double[] x, double[] out);

    /** Inputs per row. */
    int in();

    /** Outputs. */
    int rows();

    /** Whether this JVM can run the Vector API kernel (the module {@code jdk.incubator.vector} is resolved). */
    static boolean vectorAvailable() {
        return DenseKernels.VECTOR;
    }

    /** The fastest kernel this JVM supports for an {@code in → rows} layer (see the class comment). */
    static DenseKernel create(int in, int rows) {
        DenseKernels.requireShape(in, rows);
        return vectorAvailable() ? DenseKernels.vector(in, rows) : new ScalarDenseKernel(in, rows);
    }
}
