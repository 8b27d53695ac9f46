package io.tempora.trainer.baseline;

/**
 * A baseline's figures on a dataset under the likelihood convention ({@link io.tempora.trainer.Evaluator}):
 * negative log-likelihoods per scored event, nats, time in seconds; NaN without a scored event.
 *
 * @param nllPerEvent      the whole NLL per scored event, time part plus type part
 * @param nllTimePerEvent  {@code −(log λ(t) − ∫λ)} per scored event
 * @param nllTypePerEvent  {@code −log p_k} per scored event
 * @param events           scored events
 * @param unseenTypeEvents scored events of types not seen in training ({@link io.tempora.trainer.UnseenTypes})
 */
public record BaselineScore(
        double nllPerEvent, double nllTimePerEvent, double nllTypePerEvent, long events, long unseenTypeEvents) {}
