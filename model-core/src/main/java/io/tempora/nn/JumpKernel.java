package io.tempora.nn;

/**
 * The streaming path's jump at an event (batch 1): the GRU step {@code h⁺ = GRU(h⁻, [E[type]; log-gap; x̃])}
 * of {@link GruCell} with the type's embedding row of {@link Embedding} as the first inputs, for callers
 * that apply it once per event millions of times (the streaming scorer).
 *
 * <p>{@link #create} takes the Vector API kernel ({@code VectorJumpKernel}) when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, the scalar one otherwise or with
 * {@code -Dtempora.kernel=scalar} ({@link FieldKernel#PROPERTY}, the same switch as the field kernel's).
 * The scalar kernel is the training path itself ({@link Embedding#forward}, {@link GruCell#forward}),
 * bit for bit; the vector kernel sums in another order with one rounding per multiply-add and computes
 * the gates' sigmoid as {@code ½ + ½·tanh(x/2)}, so it differs by rounding only (tested to 1e-14).
 *
 * <p>{@link #pack} must be called before the first {@link #jump} and again whenever the parameters change
 * (callers compare {@link ParameterSet#version()}). Allocates nothing after construction; not
 * thread-safe.
 */
public interface JumpKernel {

    /** Reads the cell's and the embedding's parameters from {@code theta}. */
    void pack(double[] theta);

    /**
     * Writes {@code GRU(h, [E[type]; logGap; x])} into {@code hOut}; {@code x} holds the cell's remaining
     * inputs (its input size less the embedding's dimension less one), {@code null} when there are none.
     * {@code hOut} may be {@code h}.
     */
    void jump(double[] h, int type, double logGap, double[] x, double[] hOut);

    /** The fastest kernel this JVM supports (see the class comment). */
    static JumpKernel create(GruCell cell, Embedding embedding) {
        ScalarJumpKernel.requireShape(cell, embedding);
        return FieldKernel.vectorAvailable() ? FieldKernels.vectorJump(cell, embedding) : scalar(cell, embedding);
    }

    /** The training path's own arithmetic. */
    static JumpKernel scalar(GruCell cell, Embedding embedding) {
        return new ScalarJumpKernel(cell, embedding);
    }
}
