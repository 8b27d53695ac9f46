/**
 * The baselines every figure is shown beside ({@link io.tempora.trainer.baseline.Baselines}): a homogeneous
 * Poisson process and an exponential Hawkes ground intensity, both with the training types' shares, fitted by
 * maximum likelihood under the likelihood convention, and LogNormMix, a recurrent neural point process with a
 * log-normal mixture for the next gap ({@link io.tempora.trainer.baseline.LogNormMix}); all kept next to the model
 * ({@link io.tempora.trainer.baseline.BaselineSidecar}).
 */
package io.tempora.trainer.baseline;
