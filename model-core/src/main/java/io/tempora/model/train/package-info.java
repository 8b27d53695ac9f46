/**
 * Maximum-likelihood training of {@link io.tempora.model.EventModel}s: {@link
 * io.tempora.model.train.Trainer} (Adam, truncated backpropagation through time over window
 * streams, early stopping, {@link io.tempora.model.train.TrainingListener}), configured by a
 * {@link io.tempora.model.train.TrainingConfig} record. A mini-batch's gradient comes from a
 * {@link io.tempora.model.train.WindowExecutor}: the plain path by default
 * ({@link io.tempora.model.train.WindowGradient} per window, windows over worker threads), or
 * model-nd4j's batched path ({@code io.tempora.nd4j.train.BatchedWindows}) passed in the config;
 * through the ODE segments by the adjoint method or direct backpropagation
 * ({@link io.tempora.model.train.GradientChoice}).
 *
 * <p>The plain path is the default because ND4J's per-op cost dominates at the trainer's batch sizes
 * (batching pays only for batches far larger than the trainer's; figures in {@code docs/decisions.md}).
 */
package io.tempora.model.train;
