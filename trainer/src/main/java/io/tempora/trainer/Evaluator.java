package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;

/**
 * Scores a dataset under the fixed likelihood convention (README, "Likelihood convention"), so that figures compare
 * with other tools and papers:
 * <ul>
 *   <li>time in seconds: densities per second, whatever the data's unit ({@code dataUnitsPerSecond} converts;
 *       {@link #MILLIS_PER_SECOND} for data read by {@link io.tempora.data.EventCsvReader});</li>
 *   <li>each sequence's first event conditioned on and not scored, the compensator integrated from its first event
 *       to its last (nothing after the last event);</li>
 *   <li>every later event scores {@code log λ_k(t) − ∫λ} split into a time part {@code log λ(t) − ∫λ} and a type
 *       part {@code log(λ_k(t) / λ(t))}, both reported.</li>
 * </ul>
 * The split reads {@link StreamingScorer#typeProbabilities} before each {@link StreamingScorer#observe}: both solve
 * the same segment from the same state, so the type part and the event's log-likelihood come from one latent state.
 *
 * <p>Events of types not seen in training (ids from the model's type count on, as {@link CsvInputs#readForModel}
 * gives them) are scored by {@link UnseenTypes}: time part from the total intensity, type part {@code log ε}, the
 * model's state advanced to their time without a jump. Their compensator is taken from the state's pending
 * compensator ({@link EntityState#pendingCompensator()}) and added back to the next seen event's, so that each
 * stretch of time is integrated once.
 *
 * <p>Calibration ({@link Evaluation#ece()}): after each event but a sequence's last, the predicted probability that
 * the next event comes within {@code Δ} = the model's time unit (the training data's median gap), against whether
 * it did, over {@value Calibration#BINS} bins ({@link Calibration}). Type accuracy: the most probable type at the
 * event's time, {@code argmax_k λ_k(t)}, against the event's type.
 */
public final class Evaluator {

    /** Data units per second for times in epoch milliseconds ({@link io.tempora.data.EventCsvReader}). */
    public static final double MILLIS_PER_SECOND = 1000;

    private Evaluator() {}

    /**
     * The model's figures on {@code data}, whose type ids are the model's and whose times are in units of
     * {@code 1 / dataUnitsPerSecond} seconds (the model's own {@link EventModel#timeUnit()} is in the same units);
     * ids from the model's type count on are types not seen in training, scored with
     * {@link UnseenTypes#probabilityWithoutCounts}.
     *
     * @throws io.tempora.model.ScoringException if a segment solve fails
     */
    public static Evaluation evaluate(EventModel model, Dataset data, double dataUnitsPerSecond) {
        return evaluate(
                model,
                data,
                dataUnitsPerSecond,
                UnseenTypes.probabilityWithoutCounts(model.architecture().numTypes()));
    }

    /**
     * {@link #evaluate(EventModel, Dataset, double)} with the type probability {@code unseenTypeProbability}
     * ({@code ε}, {@link UnseenTypes#probability}) for events of types not seen in training.
     */
    public static Evaluation evaluate(
            EventModel model, Dataset data, double dataUnitsPerSecond, double unseenTypeProbability) {
        if (!(dataUnitsPerSecond > 0) || !Double.isFinite(dataUnitsPerSecond)) {
            throw new IllegalArgumentException("dataUnitsPerSecond must be finite and > 0, got " + dataUnitsPerSecond);
        }
        if (!(unseenTypeProbability > 0 && unseenTypeProbability < 1)) {
            throw new IllegalArgumentException("unseenTypeProbability must be in (0, 1), got " + unseenTypeProbability);
        }
        int numTypes = model.architecture().numTypes();
        if (data.numTypes() < numTypes
                || data.numFeatures() != model.architecture().numFeatures()) {
            throw new IllegalArgumentException(
                    "the data has " + data.numTypes() + " types and " + data.numFeatures() + " features but the model "
                            + numTypes + " and " + model.architecture().numFeatures());
        }
        double toPerSecond = Math.log(dataUnitsPerSecond);
        double logUnseen = Math.log(unseenTypeProbability);
        StreamingScorer scorer = new StreamingScorer(model);
        boolean withFeatures = data.numFeatures() > 0;
        double[] probabilities = new double[numTypes];
        double[] horizon = {model.timeUnit()};
        PredictionBuffer prediction = scorer.newPredictionBuffer(horizon.length);
        Calibration calibration = new Calibration();
        double timeLl = 0;
        double typeLl = 0;
        long events = 0;
        long correct = 0;
        long unseen = 0;
        for (EventSequence s : data.sequences()) {
            if (s.isEmpty()) {
                continue;
            }
            EntityState state = s.type(0) < numTypes
                    ? scorer.start(s.time(0), s.type(0), withFeatures ? s.featuresOf(0) : null)
                    : scorer.newState(s.time(0));
            // The part of the state's pending compensator (model units) already scored by unseen-type events.
            double scoredPending = 0;
            for (int i = 1; i < s.size(); i++) {
                double t = s.time(i);
                int type = s.type(i);
                scorer.predictAndRecordHint(state, horizon, prediction);
                calibration.add(prediction.probabilityWithin(0), t - s.time(i - 1) <= horizon[0]);
                double total = scorer.typeProbabilities(state, t, probabilities);
                double timePart;
                double typePart;
                if (type < numTypes) {
                    double ll = scorer.observe(state, t, type, withFeatures ? s.featuresOf(i) : null)
                            + toPerSecond
                            + scoredPending;
                    scoredPending = 0;
                    typePart = Math.log(probabilities[type]);
                    timePart = ll - typePart;
                    if (argMax(probabilities) == type) {
                        correct++;
                    }
                } else {
                    scorer.advance(state, t);
                    double integral = state.pendingCompensator() - scoredPending;
                    scoredPending = state.pendingCompensator();
                    timePart = Math.log(total) + toPerSecond - integral;
                    typePart = logUnseen;
                    unseen++;
                }
                timeLl += timePart;
                typeLl += typePart;
                events++;
            }
        }
        double n = events;
        return new Evaluation(
                -(timeLl + typeLl) / n,
                -timeLl / n,
                -typeLl / n,
                events,
                data.sequences().size(),
                events > 0 ? calibration.ece() : null,
                numTypes > 1 && events > 0 ? correct / n : null,
                unseen,
                unseenTypeProbability);
    }

    private static int argMax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }
}
