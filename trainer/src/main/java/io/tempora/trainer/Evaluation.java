package io.tempora.trainer;

import java.util.Locale;

/**
 * A model's figures on a dataset under the {@link Evaluator} convention: negative log-likelihoods per scored event,
 * in nats, time in seconds.
 *
 * @param nllPerEvent     the whole NLL per scored event: {@link #nllTimePerEvent} + {@link #nllTypePerEvent}
 * @param nllTimePerEvent the time part per scored event, {@code −(log λ(t) − ∫λ)} with λ the total intensity per
 *                        second (with features, their log-density too)
 * @param nllTypePerEvent the type part per scored event, {@code −log(λ_k(t) / λ(t))} (0 for one type)
 * @param events          scored events: every event but each sequence's first
 * @param sequences       sequences read (those of one event score nothing)
 * @param ece             expected calibration error of the probability of the next event within the model's time
 *                        unit (the training data's median gap), 10 bins; null without a scored event
 * @param typeAccuracy    share of scored events whose type is the most probable one given the time, or null
 *                        for a model of one type (an event of a type not seen in training is a miss)
 * @param unseenTypeEvents scored events of types not seen in training, scored by {@link UnseenTypes}
 * @param unseenTypeProbability the type probability {@code ε} such an event is given
 */
public record Evaluation(
        double nllPerEvent,
        double nllTimePerEvent,
        double nllTypePerEvent,
        long events,
        long sequences,
        Double ece,
        Double typeAccuracy,
        long unseenTypeEvents,
        double unseenTypeProbability) {

    /** One JSON object on one line; figures that are not finite (no scored event) are {@code null}. */
    public String toJson() {
        return "{\"nll_per_event\":" + number(nllPerEvent)
                + ",\"nll_time_per_event\":" + number(nllTimePerEvent)
                + ",\"nll_type_per_event\":" + number(nllTypePerEvent)
                + ",\"events\":" + events
                + ",\"sequences\":" + sequences
                + ",\"ece\":" + number(ece)
                + ",\"type_accuracy\":" + number(typeAccuracy)
                + ",\"unseen_type_events\":" + unseenTypeEvents
                + ",\"unseen_type_probability\":"
                + unseenTypeProbability
                + "}";
    }

    private static String number(Double x) {
        // + 0.0 turns a negative zero (a type part of 0 negated) into 0, so it prints without a sign
        return x == null || !Double.isFinite(x) ? "null" : String.format(Locale.ROOT, "%.6f", x + 0.0);
    }
}
