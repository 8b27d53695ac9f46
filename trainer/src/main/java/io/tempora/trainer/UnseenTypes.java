package io.tempora.trainer;

import io.tempora.data.TypeVocabulary;
import java.util.List;
import java.util.Locale;

/**
 * The treatment of an event whose type was not seen in training, the same for the model and for the baselines
 * ({@link io.tempora.trainer.baseline.Baselines}): such an event is an "other" outcome.
 * <ul>
 *   <li><b>Time part</b>: the event happened at its time, so it scores {@code log λ(t) − ∫λ} with the total
 *       intensity {@code λ}, like any event.</li>
 *   <li><b>Type part</b>: {@code log ε}, where {@code ε = 1 / (n + K + 1)} is the probability add-one (Laplace)
 *       smoothing gives one more outcome after {@code n} scored training events of {@code K} types; the
 *       baselines' shares of the {@code K} types are the same smoothing, {@code (n_k + 1) / (n + K)}. A model
 *       written without its baselines sidecar has no record of {@code n}; it is then taken as 0,
 *       {@code ε = 1 / (K + 1)}.</li>
 *   <li><b>History</b>: the model has no embedding for the type, so its state carries on as if the event were
 *       not there (the next event's segment starts from it); the Hawkes baseline's ground intensity counts it,
 *       as it counts every event whatever its type. Its features, if any, are not scored.</li>
 * </ul>
 * Neither the model's nor the baselines' {@code K} type probabilities are rescaled by {@code 1 − ε}: that keeps
 * the figures of a file without unseen types exactly the convention's (checked in closed form; a type part of 0
 * for one type), at the price of overstating the type log-likelihood of seen types by at most
 * {@code −log(1 − ε) ≈ ε} nats per event.
 * Such events are counted in {@code unseen_type_events}; a sequence's first event is conditioned on whatever
 * its type, and an unseen one starts the model from its learned initial state.
 */
public final class UnseenTypes {

    private UnseenTypes() {}

    /** {@code ε = 1 / (n + K + 1)}: the add-one mass of a new type after {@code n} events of {@code K} types. */
    public static double probability(long scoredTrainingEvents, int trainedTypes) {
        if (scoredTrainingEvents < 0 || trainedTypes < 1) {
            throw new IllegalArgumentException("need n >= 0 training events and K >= 1 types, got n="
                    + scoredTrainingEvents + ", K=" + trainedTypes);
        }
        return 1.0 / (scoredTrainingEvents + trainedTypes + 1.0);
    }

    /** {@code ε = 1 / (K + 1)}: the rule when the number of training events is not known. */
    public static double probabilityWithoutCounts(int trainedTypes) {
        return probability(0, trainedTypes);
    }

    /**
     * The names of {@code data}'s types after the first {@code trainedTypes}: those {@link CsvInputs#readForModel}
     * appends for types outside the model's vocabulary.
     */
    public static List<String> names(TypeVocabulary data, int trainedTypes) {
        return data.names().subList(Math.min(trainedTypes, data.size()), data.size());
    }

    /**
     * A note for the user, bounded whatever the number of unseen types (their count and the first few names, each
     * cut short: {@link TypeVocabulary#summary()}): how many events have a type not seen in training and how they
     * are scored.
     */
    public static String describe(String source, long events, List<String> names, double probability) {
        return String.format(
                Locale.ROOT,
                "%s: %d %s of %s not seen in training, scored as 'other' (time part from the total intensity, "
                        + "type probability %.3g; README, \"Types not seen in training\")",
                source,
                events,
                events == 1 ? "event" : "events",
                new TypeVocabulary(names).summary(),
                probability);
    }
}
