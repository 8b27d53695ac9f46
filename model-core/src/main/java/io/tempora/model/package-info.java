/**
 * The latent ODE event-process model: {@link io.tempora.model.EventModel} (architecture, time unit,
 * vocabulary, feature statistics, parameters), its exact likelihood, the streaming API
 * ({@link io.tempora.model.StreamingScorer} over an {@link io.tempora.model.EntityState}: advance,
 * observe, predict into a {@link io.tempora.model.PredictionBuffer}, no allocation per event) and
 * its binary form ({@link io.tempora.model.ModelCodec}). Training lives in
 * {@code io.tempora.model.train}.
 *
 * <p>Public times, horizons, intensities and likelihoods are in the data's own unit; the model's
 * internal time unit is converted at this boundary (see {@link io.tempora.model.EventModel}).
 */
package io.tempora.model;
