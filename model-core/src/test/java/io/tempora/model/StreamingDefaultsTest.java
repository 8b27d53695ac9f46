package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.StepSizeController;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The speed measures of the streaming path (default tolerances, calibrated first step) keep its numbers. */
class StreamingDefaultsTest {

    /**
     * A model with dynamics strong enough to bend the state between events (unlike a fresh
     * initialisation) but not so strong that the filter itself amplifies perturbations: with ±0.3
     * added to every parameter, the per-event likelihood of two solves drifts apart whatever the
     * tolerance (0.05 nats at rtol 1e-4, 3e-4 at 1e-6), a property of that model, not of the solver.
     * Its leak is 0.5 per unit so that predictions settle on the fixed point within the 100-unit
     * horizon (at a new model's 0.2 the slowest mode decays at about 0.02 per unit and they do not).
     */
    static EventModel lively() {
        return lively(3);
    }

    /** {@link #lively()} with {@code types} event types. */
    static EventModel lively(int types) {
        ModelArchitecture a = new ModelArchitecture(16, 32, 8, types, 0);
        EventModel m = EventModel.create(a, 1.0, TypeVocabulary.numbered(types), FeatureStatistics.NONE, "lively", 21);
        SplittableRandom rng = new SplittableRandom(21);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += rng.nextDouble(-0.1, 0.1);
            }
            for (int j = 0; j < m.leak().size(); j++) {
                v[m.leak().offset() + j] = EventModel.inverseSoftplus(0.5) + rng.nextDouble(-0.1, 0.1);
            }
        });
        return m;
    }

    @Test
    void theStepHintPredictAndRecordHintLeavesSavesTheNextObserveEvaluations() {
        EventModel m = lively();
        StreamingScorer hinted = new StreamingScorer(m);
        StreamingScorer plain = new StreamingScorer(m);
        StreamingScorer tight = new StreamingScorer(m, TestSettings.TIGHT);
        EntityState a = hinted.newState(0);
        EntityState b = plain.newState(0);
        EntityState c = tight.newState(0);
        PredictionBuffer p = hinted.newPredictionBuffer(3);
        double[] horizons = {1, 10, 100};
        SplittableRandom rng = new SplittableRandom(8);
        double t = 0;
        long hintedEvals = 0;
        long plainEvals = 0;
        double hintedErr = 0;
        double plainErr = 0;
        int n = 300;
        for (int i = 0; i < n; i++) {
            t += -Math.log(rng.nextDouble()) * 1.5;
            int type = rng.nextInt(3);
            long e0 = hinted.evaluations();
            long e1 = plain.evaluations();
            double ref = tight.observe(c, t, type);
            hintedErr += Math.abs(hinted.observe(a, t, type) - ref);
            plainErr += Math.abs(plain.observe(b, t, type) - ref);
            hintedEvals += hinted.evaluations() - e0;
            plainEvals += plain.evaluations() - e1;
            assertThat(a.stepHint()).as("an event clears the hint").isNaN();
            hinted.predictAndRecordHint(a, horizons, p);
            assertThat(a.stepHint())
                    .as("event %d: predictAndRecordHint leaves a hint", i)
                    .isPositive();
        }
        assertThat(hintedEvals)
                .as("observe evaluations with the hint vs without")
                .isLessThan(plainEvals * 9 / 10);
        assertThat(hintedErr / n)
                .as("mean |log-likelihood difference| to the tight solve, nats/event")
                .isLessThan(1e-3);
        assertThat(plainErr / n).isLessThan(1e-3);
    }

    @Test
    void defaultScorerIsWithinOneMilliNatPerEventOfATightSolve() {
        EventModel m = lively();
        StreamingScorer fast = new StreamingScorer(m);
        StreamingScorer tight = new StreamingScorer(m, TestSettings.TIGHT);
        EntityState a = fast.newState(0);
        EntityState b = tight.newState(0);
        PredictionBuffer pa = fast.newPredictionBuffer(3);
        PredictionBuffer pb = tight.newPredictionBuffer(3);
        double[] horizons = {1, 10, 100};
        SplittableRandom rng = new SplittableRandom(5);
        double t = 0;
        double sumAbs = 0;
        int settled = 0;
        int linearised = 0;
        int n = 300;
        for (int i = 0; i < n; i++) {
            t += -Math.log(rng.nextDouble()) * 1.5;
            int type = rng.nextInt(3);
            sumAbs += Math.abs(fast.observe(a, t, type) - tight.observe(b, t, type));
            fast.predict(a, t, horizons, pa);
            tight.predict(b, t, horizons, pb);
            settled += fast.tracker().stopped() ? 1 : 0;
            linearised += fast.tracker().linearised() ? 1 : 0;
            for (int q = 0; q < pa.quantileCount(); q++) {
                assertThat(pa.quantile(q))
                        .as("event %d quantile %d", i, q)
                        .isCloseTo(pb.quantile(q), org.assertj.core.api.Assertions.withinPercentage(0.1));
            }
            assertThat(pa.expectedTimeToNext())
                    .isCloseTo(pb.expectedTimeToNext(), org.assertj.core.api.Assertions.withinPercentage(0.1));
            for (int j = 0; j < horizons.length; j++) {
                assertThat(Math.abs(pa.probabilityWithin(j) - pb.probabilityWithin(j)))
                        .as("event %d horizon %d", i, j)
                        .isLessThan(1e-3);
                // Per type too: the closed-form tail's neglected residual shows here first (SettledTail.SETTLED).
                for (int k = 0; k < 3; k++) {
                    assertThat(Math.abs(pa.probabilityWithin(j, k) - pb.probabilityWithin(j, k)))
                            .as("event %d horizon %d type %d", i, j, k)
                            .isLessThan(1e-3);
                }
            }
            for (int k = 0; k < 3; k++) {
                assertThat(Math.abs(pa.nextTypeProbability(k) - pb.nextTypeProbability(k)))
                        .as("event %d next type %d", i, k)
                        .isLessThan(1e-3);
            }
        }
        assertThat(sumAbs / n).isLessThan(1e-3);
        // The closed-form tails (fixed point, and its linearisation further out) were really exercised,
        // and the numbers above held with them.
        assertThat(settled).isGreaterThan(n / 2);
        assertThat(linearised).as("predictions stopped on the linearised tail").isGreaterThan(n / 4);
        assertThat(sumAbs).isPositive(); // the two really solve differently
    }

    @Test
    void firstStepIsCalibratedForAdaptiveSettingsOnly() {
        EventModel m = lively();
        double h = new StreamingScorer(m).firstStep();
        assertThat(h).isFinite().isPositive();
        assertThat(new StreamingScorer(m, TestSettings.TIGHT).firstStep())
                .isFinite()
                .isPositive()
                .isLessThan(h);
        SolverSettings fixed = TestSettings.TIGHT.withController(StepSizeController.constant(0.01));
        assertThat(new StreamingScorer(m, fixed).firstStep()).isNaN();
        assertThat(new StreamingScorer(m, fixed).predictionFirstStep()).isNaN();
    }

    @Test
    void theCalibratedFirstStepIsTheControllersChoiceNotItsGrowthCap() {
        // Hairer's heuristic starts far below the problem's scale, so its second step is exactly the
        // controller's cap (maxFactor) times the first; the calibration once took that step, i.e. ten
        // times the heuristic, instead of the first one the error estimate chose.
        EventModel m = lively();
        StreamingScorer scorer = new StreamingScorer(m);
        SegmentDynamics field = new SegmentDynamics(new FusedDynamics(m), 16, 3);
        RungeKuttaSolver heuristic = StreamingScorer.DEFAULT_SETTINGS.build(field.dimension());
        double cap = heuristic.controller().maxFactor();
        double smallestCapped = Double.POSITIVE_INFINITY;
        for (int type = -1; type < 3; type++) {
            double[] y = new double[field.dimension()];
            System.arraycopy(m.parameters().values(), m.initialState().offset(), y, 0, 16);
            if (type >= 0) {
                m.newWorkspace().jump(y.clone(), type, 1.0, new double[1], y);
            }
            List<Double> steps = new ArrayList<>();
            heuristic.solve(field, 0, y, 10, y, new SolveStats(), (t0, y0, t1, y1, step, dense) -> steps.add(step));
            assertThat(steps.get(1))
                    .as("start %d: the second step is the cap's multiple", type)
                    .isCloseTo(cap * steps.get(0), org.assertj.core.api.Assertions.within(1e-9 * steps.get(1)));
            smallestCapped = Math.min(smallestCapped, steps.get(1));
        }
        assertThat(scorer.firstStep())
                .as("the calibrated step vs the smallest capped second step")
                .isGreaterThan(1.5 * smallestCapped);
    }

    @Test
    void aModelWhoseSegmentsAreExactForTheMethodStillGetsACalibratedStep() {
        // All parameters zero: h stays 0 (no dynamics, the GRU keeps 0), and the segment is [0, Λ' = K·ln 2],
        // which the method integrates exactly: every step's error estimate is zero and grows by the cap.
        ModelArchitecture a = new ModelArchitecture(16, 32, 8, 3, 0);
        EventModel m = EventModel.create(a, 1.0, TypeVocabulary.numbered(3), FeatureStatistics.NONE, "zero", 3);
        m.parameters().update(v -> java.util.Arrays.fill(v, 0.0));
        double h = new StreamingScorer(m).firstStep();
        assertThat(h)
                .as("the largest step of the capped sequence, not the per-solve heuristic (NaN)")
                .isFinite()
                .isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void theFixedPointIsFoundWhateverTheScorersTolerances() {
        // At atol 1e-3 the attraction check once saw the solver's own error and refused every point.
        EventModel m = lively();
        SolverSettings loose =
                SolverSettings.adaptive(DormandPrince54.TABLEAU, io.tempora.ode.Tolerances.of(1e-3, 1e-3));
        StreamingScorer scorer = new StreamingScorer(m, loose);
        EntityState state = scorer.newState(0);
        scorer.observe(state, 1.0, 1);
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        scorer.predict(state, 1.0, new double[] {1, 10, 100}, p);
        assertThat(scorer.tracker().stopped()).isTrue();
    }

    @Test
    void predictionsAreCalibratedAndSolvedWithTheirOwnSettings() {
        EventModel m = lively();
        StreamingScorer scorer = new StreamingScorer(m);
        double prediction = scorer.predictionFirstStep();
        // The looser absolute tolerance of predictions lets the controller start with a larger step.
        assertThat(prediction).isFinite().isGreaterThan(scorer.firstStep());
        assertThat(new StreamingScorer(m, TestSettings.TIGHT).predictionFirstStep())
                .isLessThan(prediction);
        StreamingScorer split = new StreamingScorer(m, TestSettings.TIGHT, StreamingScorer.DEFAULT_PREDICTION_SETTINGS);
        assertThat(split.predictionFirstStep()).isEqualTo(prediction);
        assertThat(split.firstStep()).isEqualTo(new StreamingScorer(m, TestSettings.TIGHT).firstStep());
        // From the same state, the split scorer predicts exactly as the default one: same solver, same start.
        EntityState state = scorer.newState(0);
        scorer.observe(state, 1.0, 2);
        EntityState copy = state.copy();
        PredictionBuffer a = scorer.newPredictionBuffer(2);
        PredictionBuffer b = split.newPredictionBuffer(2);
        scorer.predict(state, 1.0, new double[] {1, 10}, a);
        split.predict(copy, 1.0, new double[] {1, 10}, b);
        assertThat(b.evaluations()).isEqualTo(a.evaluations());
        assertThat(b.probabilityWithin(1)).isEqualTo(a.probabilityWithin(1));
        assertThat(b.quantile(1)).isEqualTo(a.quantile(1));
    }
}
