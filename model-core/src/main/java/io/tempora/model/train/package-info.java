/**
 * Maximum-likelihood training of {@link io.tempora.model.EventModel}s: {@link
 * io.tempora.model.train.Trainer} (Adam, truncated backpropagation through time over window
 * streams, early stopping, {@link io.tempora.model.train.TrainingListener}), configured by a
 * {@link io.tempora.model.train.TrainingConfig} record. Gradients of a window's NLL come from
 * {@link io.tempora.model.train.WindowGradient} (plain path) or
 * {@link io.tempora.model.train.BatchedWindowGradient} (ND4J path), through the ODE segments by
 * the adjoint method or direct backpropagation ({@link io.tempora.model.train.GradientChoice}).
 *
 * <p>Measured on the benchmark configuration (8 windows of 32 events, D=16, H=32, adjoint at
 * {@code rtol = 1e-5}): the plain path computes about 1,400 events/s per thread, the batched ND4J
 * path about 54 events/s (ND4J's per-op cost dominates at this batch size, as design.md found
 * below batch 64), so the plain path is the default.
 */
package io.tempora.model.train;
