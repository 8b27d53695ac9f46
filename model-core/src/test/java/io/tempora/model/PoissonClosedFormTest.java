package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * A hand-set model with zero dynamics and {@code softplus(b_k) = r_k} is a homogeneous Poisson
 * process; its likelihood and every prediction must match the closed forms.
 */
class PoissonClosedFormTest {

    private static final double[] RATES = {0.5, 1.25, 0.25};
    private static final double R = 2.0;
    /** The closed forms are checked to 1e-7, beyond what the default streaming tolerances aim for. */
    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-10, 1e-12));

    @Test
    void likelihoodIsSumOfLogRatesMinusRateTimesSpan() {
        EventModel m = HandSetModels.poisson(1.0, RATES);
        StreamingScorer scorer = new StreamingScorer(m);
        double[] times = {0.3, 0.3, 1.7, 2.05, 4.0, 7.5};
        int[] types = {0, 1, 2, 1, 1, 0};
        double expected = -R * 7.5;
        for (int type : types) {
            expected += Math.log(RATES[type]);
        }
        double ll = scorer.logLikelihood(EventSequence.of("e", times, types), 0, times.length, 0.0);
        assertThat(ll).isCloseTo(expected, within(1e-9));
    }

    @Test
    void eachEventScoresItsGapAndAdvanceKeepsTheCompensator() {
        EventModel m = HandSetModels.poisson(1.0, RATES);
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(1.0);
        scorer.advance(s, 2.0);
        scorer.advance(s, 2.5);
        double ll = scorer.observe(s, 3.0, 1);
        assertThat(ll).isCloseTo(Math.log(RATES[1]) - R * 2.0, within(1e-10));
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.time()).isEqualTo(3.0);
        double simultaneous = scorer.observe(s, 3.0, 2);
        assertThat(simultaneous).isCloseTo(Math.log(RATES[2]), within(1e-12));
    }

    @Test
    void predictionsMatchTheExponentialDistribution() {
        EventModel m = HandSetModels.poisson(1.0, RATES);
        StreamingScorer scorer = new StreamingScorer(m, TIGHT);
        EntityState s = scorer.newState(0.0);
        scorer.observe(s, 0.4, 0);
        EntityState before = s.copy();
        double[] horizons = {0.1, 0.5, 2.0, 3.0};
        PredictionBuffer p = scorer.newPredictionBuffer(4);
        scorer.predict(s, 1.0, horizons, p);
        assertThat(s).as("predict must not change the state").isEqualTo(before);
        assertThat(p.totalIntensity()).isCloseTo(R, within(1e-12));
        for (int j = 0; j < horizons.length; j++) {
            assertThat(p.probabilityWithin(j)).isCloseTo(1 - Math.exp(-R * horizons[j]), within(1e-7));
            for (int k = 0; k < RATES.length; k++) {
                assertThat(p.probabilityWithin(j, k)).isCloseTo(1 - Math.exp(-RATES[k] * horizons[j]), within(1e-7));
            }
        }
        for (int i = 0; i < p.quantileCount(); i++) {
            double q = PredictionBuffer.DEFAULT_QUANTILES[i];
            assertThat(p.quantile(i)).isCloseTo(-Math.log(1 - q) / R, within(1e-7));
        }
        double hMax = 3.0;
        assertThat(p.expectedTimeToNext()).isCloseTo((1 - Math.exp(-R * hMax)) / R, within(1e-7));
        for (int k = 0; k < RATES.length; k++) {
            assertThat(p.nextTypeProbability(k)).isCloseTo(RATES[k] / R, within(1e-7));
        }
        assertThat(p.evaluations()).isPositive();
        assertThat(p.toString()).contains("within");
    }

    @Test
    void aQuantileBeyondTheLargestHorizonIsInfinite() {
        EventModel m = HandSetModels.poisson(1.0, RATES);
        StreamingScorer scorer = new StreamingScorer(m, TIGHT);
        PredictionBuffer p = scorer.newPredictionBuffer(1);
        // median −ln(0.5)/2 ≈ 0.347 lies inside 0.4, the 0.9 quantile ≈ 1.15 does not
        scorer.predict(scorer.newState(0), 0, new double[] {0.4}, p);
        assertThat(p.quantile(0)).isCloseTo(-Math.log(0.9) / R, within(1e-7));
        assertThat(p.quantile(1)).isCloseTo(-Math.log(0.5) / R, within(1e-7));
        assertThat(p.quantile(2)).isInfinite();
    }

    @Test
    void likelihoodInDataUnitsDoesNotDependOnTheModelUnit() {
        // The same process (0.002 events per ms) written with a model unit of one second and of one hour.
        double perMs = 0.002;
        EventModel seconds = HandSetModels.poisson(1_000.0, perMs);
        EventModel hours = HandSetModels.poisson(3_600_000.0, perMs);
        double[] ms = {120.0, 800.0, 1500.0, 1501.0, 4000.0};
        EventSequence seq = EventSequence.ofTimes("e", ms);
        double expected = ms.length * Math.log(perMs) - perMs * 4000.0;
        double a = new StreamingScorer(seconds).logLikelihood(seq, 0, ms.length, 0);
        double b = new StreamingScorer(hours).logLikelihood(seq, 0, ms.length, 0);
        assertThat(a).isCloseTo(expected, within(1e-9));
        assertThat(b).isCloseTo(expected, within(1e-9));
        // The same events in hours: the density per hour is 3.6e6 times the density per ms.
        EventSequence inHours = seq.rescaled(0, 3_600_000.0);
        EventModel hourly = HandSetModels.poisson(1.0, perMs * 3_600_000.0);
        double c = new StreamingScorer(hourly).logLikelihood(inHours, 0, ms.length, 0);
        assertThat(c - a).isCloseTo(ms.length * Math.log(3_600_000.0), within(1e-7));
    }

    @Test
    void badInputIsRefusedWithoutChangingTheState() {
        EventModel m = HandSetModels.poisson(1.0, RATES);
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(5.0);
        EntityState before = s.copy();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scorer.observe(s, 4.0, 0))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("before the state's time");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scorer.observe(s, 6.0, 3))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("outside the model's 3 types");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scorer.observe(s, 6.0, 0, new double[] {1}))
                .isInstanceOf(ScoringException.class)
                .hasMessageContaining("no features");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> scorer.predict(s, 6.0, new double[] {-1}, scorer.newPredictionBuffer(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizons must be finite and > 0");
        assertThat(s).isEqualTo(before);
    }
}
