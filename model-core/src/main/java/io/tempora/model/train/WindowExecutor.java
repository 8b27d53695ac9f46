package io.tempora.model.train;

import io.tempora.model.EventModel;

/**
 * Where {@link Trainer} computes a mini-batch's loss and gradient: the plain path
 * ({@link #PLAIN}: one window at a time on {@code double[]}, windows spread over
 * {@link TrainingConfig#threads()} workers) by default, or another implementation passed in the
 * {@link TrainingConfig} (model-nd4j's {@code io.tempora.nd4j.train.BatchedWindows} steps a
 * mini-batch's windows together on ND4J). Implementations must be deterministic for reproducible
 * training: the same batch and parameters give the same sums.
 */
public interface WindowExecutor extends AutoCloseable {

    /** Creates the executor for one training run of {@code model} with {@code config}. */
    @FunctionalInterface
    interface Factory {
        WindowExecutor create(EventModel model, TrainingConfig config);
    }

    /** The plain path ({@link PlainWindowExecutor}). */
    Factory PLAIN = PlainWindowExecutor::new;

    /**
     * Adds the gradient of the batch's summed NLL (model units) with respect to the model's parameters
     * into {@code grad}, writes every window's end state ({@link WindowBatch#end}) and returns the
     * summed NLL.
     */
    double gradient(WindowBatch batch, double[] grad);

    /** Right-hand-side evaluations of the forward solves so far. */
    long forwardEvaluations();

    /** Right-hand-side evaluations of the backward (gradient) solves so far. */
    long backwardEvaluations();

    /** Releases threads or native buffers; the trainer calls it once at the end of a run. */
    @Override
    default void close() {}
}
