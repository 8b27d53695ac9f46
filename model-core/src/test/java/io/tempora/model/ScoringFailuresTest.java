package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.ScoringException.Reason;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every failure a service routes carries its reason code, and leaves the state as it was. */
class ScoringFailuresTest {

    private static EventModel model(String version) {
        ModelArchitecture a = new ModelArchitecture(6, 10, 4, 3, 2);
        FeatureStatistics fs = new FeatureStatistics(List.of("a", "b"), new double[] {10, -2}, new double[] {3, 0.5});
        return EventModel.create(a, 250.0, TypeVocabulary.numbered(3), fs, version, 11);
    }

    private static void assertReason(EntityState state, Reason reason, String message, ThrowingCallable call) {
        byte[] before = state.toBytes();
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ScoringException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
        assertThat(state.toBytes()).as("the state after a %s failure", reason).isEqualTo(before);
    }

    @Test
    void nonFiniteFeature() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(0);
        assertReason(
                s,
                Reason.NON_FINITE_FEATURE,
                "feature 'b' is NaN",
                () -> scorer.observe(s, 10, 0, new double[] {1, Double.NaN}));
        assertReason(
                s,
                Reason.NON_FINITE_FEATURE,
                "feature 'a' is Infinity",
                () -> scorer.observe(s, 10, 0, new double[] {Double.POSITIVE_INFINITY, 1}));
    }

    @Test
    void featureCountMismatch() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(0);
        assertReason(
                s,
                Reason.FEATURE_COUNT_MISMATCH,
                "expects 2 features [a, b] but the event has 1",
                () -> scorer.observe(s, 10, 0, new double[] {1}));
        assertReason(s, Reason.FEATURE_COUNT_MISMATCH, "but the event has none", () -> scorer.observe(s, 10, 0));
    }

    @Test
    void eventBeforeTheStatesTime() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(100);
        assertReason(
                s,
                Reason.EVENT_BEFORE_STATE_TIME,
                "before the state's time",
                () -> scorer.observe(s, 99, 0, new double[] {1, 2}));
        assertReason(s, Reason.EVENT_BEFORE_STATE_TIME, "before the state's time", () -> scorer.advance(s, 50));
        assertReason(
                s,
                Reason.EVENT_BEFORE_STATE_TIME,
                "before the state's time",
                () -> scorer.predict(s, 50, new double[] {1}, scorer.newPredictionBuffer(1)));
    }

    @Test
    void nonFiniteTime() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(100);
        assertReason(s, Reason.NON_FINITE_TIME, "must be finite", () -> scorer.advance(s, Double.NaN));
        assertReason(
                s,
                Reason.NON_FINITE_TIME,
                "must be finite",
                () -> scorer.observe(s, Double.POSITIVE_INFINITY, 0, new double[] {1, 2}));
    }

    @Test
    void unknownType() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(0);
        assertReason(
                s,
                Reason.UNKNOWN_TYPE,
                "outside the model's 3 types",
                () -> scorer.observe(s, 10, 3, new double[] {1, 2}));
        assertReason(
                s,
                Reason.UNKNOWN_TYPE,
                "outside the model's 3 types",
                () -> scorer.observe(s, 10, -1, new double[] {1, 2}));
    }

    @Test
    void solverFailure() {
        // A step budget of two cannot cover a gap of 400 model units.
        StreamingScorer scorer = new StreamingScorer(model("v"), TestSettings.TIGHT.withMaxSteps(2));
        EntityState s = scorer.newState(0);
        assertReason(
                s, Reason.SOLVER_FAILURE, "segment solve", () -> scorer.observe(s, 100_000, 0, new double[] {1, 2}));
        assertReason(s, Reason.SOLVER_FAILURE, "segment solve", () -> scorer.advance(s, 100_000));
        assertReason(
                s,
                Reason.SOLVER_FAILURE,
                "segment solve",
                () -> scorer.predict(s, 100_000, new double[] {1}, scorer.newPredictionBuffer(1)));
        // A corrupt latent vector (as bytes from a faulty store could carry): the prediction solve's values
        // are not finite.
        StreamingScorer plain = new StreamingScorer(model("v"));
        EntityState corrupt = plain.newState(0);
        corrupt.h[0] = Double.NaN;
        assertReason(
                corrupt,
                Reason.SOLVER_FAILURE,
                "prediction solve",
                () -> plain.predict(corrupt, 0, new double[] {1000}, plain.newPredictionBuffer(1)));
    }

    @Test
    void stateOfAnotherModel() {
        StreamingScorer scorer = new StreamingScorer(model("v2"));
        EntityState other = new StreamingScorer(model("v1")).newState(0);
        assertReason(
                other,
                Reason.STATE_MODEL_MISMATCH,
                "model version 'v1'",
                () -> scorer.observe(other, 10, 0, new double[] {1, 2}));
        ModelArchitecture wider = new ModelArchitecture(8, 10, 4, 3, 2);
        EventModel m8 = EventModel.create(
                wider, 250.0, TypeVocabulary.numbered(3), model("v").features(), "v2", 11);
        EntityState eight = new StreamingScorer(m8).newState(0);
        assertReason(
                eight,
                Reason.STATE_MODEL_MISMATCH,
                "latent dimension 8 but the model 6",
                () -> scorer.advance(eight, 10));
        assertReason(
                eight,
                Reason.STATE_MODEL_MISMATCH,
                "latent dimension 8 but the model 6",
                () -> scorer.predict(eight, 10, new double[] {1}, scorer.newPredictionBuffer(1)));
    }

    @Test
    void malformedPredictionRequestsAreProgrammingErrors() {
        StreamingScorer scorer = new StreamingScorer(model("v"));
        EntityState s = scorer.newState(0);
        assertThatThrownBy(() -> scorer.predict(s, 0, new double[] {-1}, scorer.newPredictionBuffer(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizons must be finite and > 0");
        assertThatThrownBy(() -> scorer.predict(
                        s, 0, new double[] {1}, new PredictionBuffer(2, 2, 1, PredictionBuffer.DEFAULT_QUANTILES)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for K=2, F=2 but the model has K=3, F=2");
    }
}
