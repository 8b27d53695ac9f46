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
     * {@code 1 / dataUnitsPerSecond} seconds (the model's own {@link EventModel#timeUnit()} is in the same units).
     *
     * @throws io.tempora.model.ScoringException if a segment solve fails
     */
    public static Evaluation evaluate(EventModel model, Dataset data, double dataUnitsPerSecond) {
        if (!(dataUnitsPerSecond > 0) || !Double.isFinite(dataUnitsPerSecond)) {
            throw new IllegalArgumentException("dataUnitsPerSecond must be finite and > 0, got " + dataUnitsPerSecond);
        }
        if (data.numTypes() != model.architecture().numTypes()
                || data.numFeatures() != model.architecture().numFeatures()) {
            throw new IllegalArgumentException("the data has " + data.numTypes() + " types and " + data.numFeatures()
                    + " features but the model " + model.architecture().numTypes() + " and "
                    + model.architecture().numFeatures());
        }
        double toPerSecond = Math.log(dataUnitsPerSecond);
        StreamingScorer scorer = new StreamingScorer(model);
        int numTypes = model.architecture().numTypes();
        boolean withFeatures = data.numFeatures() > 0;
        double[] probabilities = new double[numTypes];
        double[] horizon = {model.timeUnit()};
        PredictionBuffer prediction = scorer.newPredictionBuffer(horizon.length);
        Calibration calibration = new Calibration();
        double timeLl = 0;
        double typeLl = 0;
        long events = 0;
        long correct = 0;
        for (EventSequence s : data.sequences()) {
            if (s.isEmpty()) {
                continue;
            }
            EntityState state = scorer.start(s.time(0), s.type(0), withFeatures ? s.featuresOf(0) : null);
            for (int i = 1; i < s.size(); i++) {
                double t = s.time(i);
                int type = s.type(i);
                scorer.predictAndRecordHint(state, horizon, prediction);
                calibration.add(prediction.probabilityWithin(0), t - s.time(i - 1) <= horizon[0]);
                scorer.typeProbabilities(state, t, probabilities);
                double ll = scorer.observe(state, t, type, withFeatures ? s.featuresOf(i) : null) + toPerSecond;
                double typePart = Math.log(probabilities[type]);
                typeLl += typePart;
                timeLl += ll - typePart;
                if (argMax(probabilities) == type) {
                    correct++;
                }
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
                numTypes > 1 && events > 0 ? correct / n : null);
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
