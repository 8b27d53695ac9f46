package io.tempora.model;

import io.tempora.model.ScoringException.Reason;

/**
 * The checks on what a caller hands the {@link StreamingScorer}: states, times, event types, features
 * and prediction requests. Each failure names what was wrong; the per-entity ones carry a
 * {@link ScoringException.Reason}, while a malformed prediction request (horizons, buffer), a
 * programming error rather than bad data, is an {@link IllegalArgumentException}. Allocates nothing
 * unless it throws.
 */
final class ScoringInputs {

    private ScoringInputs() {}

    /** The state belongs to {@code model}: its latent dimension and the version that made it. */
    static void requireState(EntityState state, EventModel model) {
        requireDimension(state, model);
        if (!model.version().equals(state.modelVersion)) {
            throw new ScoringException(
                    Reason.STATE_MODEL_MISMATCH,
                    "the state was made by model version '"
                            + state.modelVersion + "' but the scorer's model is '" + model.version()
                            + "'; re-filter the entity with this model");
        }
    }

    /** The state belongs to {@code model} and {@code t} is finite and not before its time. */
    static void requireStateAt(EntityState state, double t, EventModel model) {
        requireState(state, model);
        requireNotBefore(state, t);
    }

    /** The state has the model's latent dimension (whichever version made it: it is about to be reset). */
    static void requireDimension(EntityState state, EventModel model) {
        int d = model.architecture().latentDim();
        if (state.h.length != d) {
            throw new ScoringException(
                    Reason.STATE_MODEL_MISMATCH,
                    "the state has latent dimension " + state.h.length + " but the model " + d
                            + "; re-filter the entity with this model");
        }
    }

    static void requireFinite(double t, String what) {
        if (!Double.isFinite(t)) {
            throw new ScoringException(Reason.NON_FINITE_TIME, what + " must be finite but was " + t);
        }
    }

    /** {@code t} is finite and not before the state's time. */
    static void requireNotBefore(EntityState state, double t) {
        requireFinite(t, "the time");
        if (t < state.time) {
            throw new ScoringException(
                    Reason.EVENT_BEFORE_STATE_TIME,
                    "time " + t + " is before the state's time "
                            + state.time
                            + "; events must arrive in time order (apply late events at the state's time or "
                            + "reject them)");
        }
    }

    static void requireType(int type, EventModel model) {
        int k = model.architecture().numTypes();
        if (type < 0 || type >= k) {
            throw new ScoringException(
                    Reason.UNKNOWN_TYPE,
                    "event type " + type + " is outside the model's " + k + " types "
                            + model.types().names() + "; map unknown types before scoring");
        }
    }

    /** The event's raw features: as many as the model has (null for none), all finite. */
    static void requireFeatures(double[] features, FeatureStatistics stats) {
        int f = stats.size();
        if (f == 0) {
            if (features != null && features.length != 0) {
                throw new ScoringException(
                        Reason.FEATURE_COUNT_MISMATCH,
                        "the model has no features but the event has " + features.length);
            }
            return;
        }
        if (features == null || features.length != f) {
            throw new ScoringException(
                    Reason.FEATURE_COUNT_MISMATCH,
                    "the model expects " + f + " features " + stats.names() + " but the event has "
                            + (features == null ? "none" : features.length));
        }
        for (int j = 0; j < f; j++) {
            if (!Double.isFinite(features[j])) {
                throw new ScoringException(
                        Reason.NON_FINITE_FEATURE,
                        "feature '" + stats.names().get(j) + "' is " + features[j] + "; features must be finite");
            }
        }
    }

    /** An output array with one entry per event type of the model. */
    static void requireTypeArray(double[] out, EventModel model) {
        int k = model.architecture().numTypes();
        if (out.length != k) {
            throw new IllegalArgumentException(
                    "the output has room for " + out.length + " types but the model has " + k);
        }
    }

    /** The horizons fit the buffer, which is for the model's shape; each is finite and positive. */
    static void requirePredictionRequest(double[] horizons, PredictionBuffer out, EventModel model) {
        if (horizons.length == 0 || horizons.length > out.horizons.length) {
            throw new IllegalArgumentException(horizons.length + " horizons asked for; the buffer holds 1 to "
                    + out.horizons.length + " (make it with newPredictionBuffer(n))");
        }
        int k = model.architecture().numTypes();
        int f = model.architecture().numFeatures();
        if (out.numTypes != k || out.numFeatures != f) {
            throw new IllegalArgumentException("the prediction buffer is for K=" + out.numTypes + ", F="
                    + out.numFeatures + " but the model has K=" + k + ", F=" + f);
        }
        for (int j = 0; j < horizons.length; j++) {
            double hj = horizons[j];
            if (!(hj > 0) || !Double.isFinite(hj)) {
                throw new IllegalArgumentException("horizon " + j + " is " + hj + "; horizons must be finite and > 0");
            }
        }
    }
}
