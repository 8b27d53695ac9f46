package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.TypeVocabulary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each of the scorer's optimisations on its own, and all together, against the essential scorer
 * ({@link ScorerOptions#NONE}): the results agree to the tolerances the class comment of
 * {@link StreamingScorer} documents (log-likelihood 1e-3 nats per event on average, probabilities and
 * next-type shares 1e-3, quantiles and expected wait 0.1%), and each optimisation is really exercised.
 */
class ScorerOptionsTest {

    private static final double[] HORIZONS = {1, 10, 100};
    private static final int EVENTS = 200;

    /** The largest differences between two scorers over one stream, and what each did. */
    private record Comparison(
            double meanLogLikelihood,
            double probability,
            double quantileRel,
            double expectedRel,
            long evaluationsA,
            long evaluationsB,
            int stoppedA,
            int linearisedA) {}

    private static Comparison compare(EventModel m, ScorerOptions a, ScorerOptions b) {
        StreamingScorer sa = new StreamingScorer(
                m, StreamingScorer.DEFAULT_SETTINGS, StreamingScorer.DEFAULT_PREDICTION_SETTINGS, a);
        StreamingScorer sb = new StreamingScorer(
                m, StreamingScorer.DEFAULT_SETTINGS, StreamingScorer.DEFAULT_PREDICTION_SETTINGS, b);
        EntityState xa = sa.start(0, 0);
        EntityState xb = sb.start(0, 0);
        PredictionBuffer pa = sa.newPredictionBuffer(HORIZONS.length);
        PredictionBuffer pb = sb.newPredictionBuffer(HORIZONS.length);
        SplittableRandom rng = new SplittableRandom(17);
        double t = 0;
        double llSum = 0;
        double prob = 0;
        double quant = 0;
        double expected = 0;
        int stopped = 0;
        int linearised = 0;
        for (int i = 0; i < EVENTS; i++) {
            t += -Math.log(rng.nextDouble()) * 1.5;
            int type = rng.nextInt(m.architecture().numTypes());
            llSum += Math.abs(sa.observe(xa, t, type) - sb.observe(xb, t, type));
            sa.predictAndRecordHint(xa, HORIZONS, pa);
            sb.predictAndRecordHint(xb, HORIZONS, pb);
            stopped += sa.tracker().stopped() ? 1 : 0;
            linearised += sa.tracker().linearised() ? 1 : 0;
            for (int j = 0; j < HORIZONS.length; j++) {
                prob = Math.max(prob, Math.abs(pa.probabilityWithin(j) - pb.probabilityWithin(j)));
                for (int k = 0; k < m.architecture().numTypes(); k++) {
                    prob = Math.max(prob, Math.abs(pa.probabilityWithin(j, k) - pb.probabilityWithin(j, k)));
                }
            }
            for (int k = 0; k < m.architecture().numTypes(); k++) {
                prob = Math.max(prob, Math.abs(pa.nextTypeProbability(k) - pb.nextTypeProbability(k)));
            }
            for (int q = 0; q < pa.quantileCount(); q++) {
                assertThat(Double.isInfinite(pa.quantile(q))).isEqualTo(Double.isInfinite(pb.quantile(q)));
                if (Double.isFinite(pa.quantile(q))) {
                    quant = Math.max(quant, Math.abs(pa.quantile(q) / pb.quantile(q) - 1));
                }
            }
            expected = Math.max(expected, Math.abs(pa.expectedTimeToNext() / pb.expectedTimeToNext() - 1));
        }
        return new Comparison(
                llSum / EVENTS, prob, quant, expected, sa.evaluations(), sb.evaluations(), stopped, linearised);
    }

    private static void assertWithinDocumentedTolerances(Comparison c) {
        assertThat(c.meanLogLikelihood())
                .as("mean |log-likelihood difference|, nats/event")
                .isLessThan(1e-3);
        assertThat(c.probability()).as("probabilities and next-type shares").isLessThan(1e-3);
        assertThat(c.quantileRel()).as("quantiles, relative").isLessThan(1e-3);
        assertThat(c.expectedRel()).as("expected wait, relative").isLessThan(1e-3);
    }

    @Test
    void theScorerWithEveryOptimisationAgreesWithTheEssentialScorer() {
        Comparison c = compare(StreamingDefaultsTest.lively(), ScorerOptions.ALL, ScorerOptions.NONE);
        assertWithinDocumentedTolerances(c);
        assertThat(c.stoppedA()).as("predictions completed in closed form").isGreaterThan(EVENTS / 2);
        assertThat(c.evaluationsA())
                .as("evaluations with the optimisations vs without")
                .isLessThan(c.evaluationsB() * 3 / 4);
        assertThat(c.meanLogLikelihood()).as("the two really solve differently").isPositive();
    }

    @Test
    void theCalibratedFirstStepAlone() {
        EventModel m = StreamingDefaultsTest.lively();
        ScorerOptions on = ScorerOptions.NONE.withCalibratedFirstStep(true);
        assertThat(new StreamingScorer(m, StreamingScorer.DEFAULT_SETTINGS, StreamingScorer.DEFAULT_SETTINGS, on)
                        .firstStep())
                .isFinite()
                .isPositive();
        assertThat(new StreamingScorer(
                                m,
                                StreamingScorer.DEFAULT_SETTINGS,
                                StreamingScorer.DEFAULT_SETTINGS,
                                ScorerOptions.NONE)
                        .firstStep())
                .as("the solver's own heuristic")
                .isNaN();
        Comparison c = compare(m, on, ScorerOptions.NONE);
        assertWithinDocumentedTolerances(c);
        assertThat(c.stoppedA()).isZero();
        assertThat(c.evaluationsA()).isLessThan(c.evaluationsB());
    }

    @Test
    void theSettledTailAlone() {
        Comparison c =
                compare(StreamingDefaultsTest.lively(), ScorerOptions.NONE.withSettledTail(true), ScorerOptions.NONE);
        assertWithinDocumentedTolerances(c);
        assertThat(c.stoppedA()).as("predictions settled on the fixed point").isGreaterThan(EVENTS / 2);
        assertThat(c.linearisedA()).isZero();
        assertThat(c.evaluationsA()).isLessThan(c.evaluationsB());
    }

    @Test
    void theLinearisedTailAlone() {
        Comparison c = compare(
                StreamingDefaultsTest.lively(), ScorerOptions.NONE.withLinearisedTail(true), ScorerOptions.NONE);
        assertWithinDocumentedTolerances(c);
        assertThat(c.linearisedA())
                .as("predictions stopped on the linearised tail")
                .isGreaterThan(EVENTS / 4);
        assertThat(c.linearisedA())
                .as("with no settled band, every early stop is linearised")
                .isEqualTo(c.stoppedA());
        assertThat(c.evaluationsA()).isLessThan(c.evaluationsB());
    }

    @Test
    void newtonQuantilesAloneChangeNothingButTheSearch() {
        // The same solves, the same dense output: only the root search differs, so everything else is
        // identical and the quantiles agree to the search's own tolerance.
        Comparison c = compare(
                StreamingDefaultsTest.lively(), ScorerOptions.NONE.withNewtonQuantiles(true), ScorerOptions.NONE);
        assertThat(c.meanLogLikelihood()).isZero();
        assertThat(c.probability()).isZero();
        assertThat(c.expectedRel()).isZero();
        assertThat(c.quantileRel()).isLessThan(1e-10);
        assertThat(c.evaluationsA()).isEqualTo(c.evaluationsB());
    }

    @Test
    void withoutALinearisationTheSettledTailServesAlone() {
        // D = 40 > TailLinearisation.MAX_DIMENSION: the linearisation is not offered, so the default scorer
        // falls back on the settled band (the path a failed linearisation takes too).
        EventModel m = lively(40);
        StreamingScorer scorer = new StreamingScorer(m);
        assertThat(scorer.warmUp()).as("the fixed point is found").isTrue();
        assertThat(scorer.fixedPoint().linearised())
                .as("no linearisation beyond D = 32")
                .isFalse();
        Comparison c = compare(m, ScorerOptions.ALL, ScorerOptions.NONE);
        assertWithinDocumentedTolerances(c);
        assertThat(c.stoppedA()).as("predictions settled on the fixed point").isGreaterThan(EVENTS / 2);
        assertThat(c.linearisedA()).isZero();
    }

    /** {@link StreamingDefaultsTest#lively()} with latent dimension {@code d}. */
    private static EventModel lively(int d) {
        ModelArchitecture a = new ModelArchitecture(d, 32, 8, 3, 0);
        EventModel m = EventModel.create(a, 1.0, TypeVocabulary.numbered(3), FeatureStatistics.NONE, "lively" + d, 21);
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
    void theQuantileSearchFindsTheRootByNewtonAndByBisection() {
        // Λ(θ) = 0.2 + 0.5θ + 0.3θ² + 0.1θ³ on the step, level 0.7: the root of 0.1θ³ + 0.3θ² + 0.5θ − 0.5.
        double[] c = {0.2, 0.5, 0.3, 0.1};
        double level = 0.7;
        double root = cubicRoot();
        QuantileSearch newton = new QuantileSearch(true);
        QuantileSearch bisection = new QuantileSearch(false);
        assertThat(newton.crossing(level, c, 3, 0.2, 1.1)).isCloseTo(root, within(1e-12));
        int newtonTrials = newton.lastTrials();
        assertThat(bisection.crossing(level, c, 3, 0.2, 1.1)).isCloseTo(root, within(1e-12));
        assertThat(newtonTrials).as("Newton converges quadratically").isLessThan(bisection.lastTrials() / 4);
        assertThat(newton.crossing(1.1, c, 3, 0.2, 1.1))
                .as("a level at the step's end")
                .isEqualTo(1.0);
    }

    /** The real root in [0, 1] of 0.1θ³ + 0.3θ² + 0.5θ − 0.5, by Cardano's formula. */
    private static double cubicRoot() {
        // θ³ + 3θ² + 5θ − 5 = 0; θ = u − 1: u³ + 2u − 8 = 0 (p = 2, q = −8).
        double p = 2;
        double q = -8;
        double disc = Math.sqrt(q * q / 4 + p * p * p / 27);
        return Math.cbrt(-q / 2 + disc) + Math.cbrt(-q / 2 - disc) - 1;
    }
}
