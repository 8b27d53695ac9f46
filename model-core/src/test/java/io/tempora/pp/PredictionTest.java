package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The true next-event predictions the benchmark compares against, checked by Monte Carlo draws from the same
 * state (thinning, independent of the quadrature used for the next-type distribution).
 */
class PredictionTest {

    private static final double Z = 5;

    @Test
    void nextTypeDistributionAndProbabilityWithinMatchMonteCarlo() {
        PointProcess hawkes = BenchmarkProcesses.hawkes3Type().process();
        EventSequence s = hawkes.simulate(400, new SplittableRandom(31));
        SplittableRandom rng = new SplittableRandom(32);
        int draws = 20_000;
        for (int i : new int[] {50, 200, 399}) {
            ConditionalIntensity state = hawkes.conditionedOn(s, i);
            double[] p = state.nextTypeDistribution(Double.POSITIVE_INFINITY);
            double delta = 0.7;
            double horizon = 2.0;
            double[] pH = state.nextTypeDistribution(horizon);
            double within = state.probabilityWithin(delta);
            int[] counts = new int[3];
            int[] countsH = new int[3];
            int inH = 0;
            int inDelta = 0;
            for (int d = 0; d < draws; d++) {
                Event e = state.sampleNext(rng, Double.POSITIVE_INFINITY);
                counts[e.type()]++;
                if (e.time() - state.time() <= horizon) {
                    countsH[e.type()]++;
                    inH++;
                }
                if (e.time() - state.time() <= delta) {
                    inDelta++;
                }
            }
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1, within(1e-12));
            for (int k = 0; k < 3; k++) {
                assertThat((double) counts[k] / draws)
                        .as("event %d, type %d", i, k)
                        .isCloseTo(p[k], within(Z * Math.sqrt(p[k] * (1 - p[k]) / draws)));
                assertThat((double) countsH[k] / inH)
                        .as("event %d, type %d before H", i, k)
                        .isCloseTo(pH[k], within(Z * Math.sqrt(pH[k] * (1 - pH[k]) / inH)));
            }
            assertThat((double) inDelta / draws)
                    .isCloseTo(within, within(Z * Math.sqrt(within * (1 - within) / draws)));
            assertThat(hawkes.probabilitiesWithin(s, i, i + 1, delta)[0]).isEqualTo(within);
            assertThat(hawkes.nextTypeDistributions(s, i, i + 1, Double.POSITIVE_INFINITY)[0])
                    .containsExactly(p);
        }
    }

    @Test
    void trueProbabilitiesWithinTheMedianGapAreCalibrated() {
        // E[1{gap <= delta} | past] = p_i, so sum(outcome - p) has variance sum p(1 - p) (a martingale)
        for (BenchmarkProcess bp : BenchmarkProcesses.all()) {
            int n = 10_000;
            EventSequence s = bp.process().simulate(n, new SplittableRandom(34));
            double[] gaps = Reference.gaps(s);
            double[] sorted = gaps.clone();
            java.util.Arrays.sort(sorted);
            double delta = sorted[n / 2];
            double[] p = bp.process().probabilitiesWithin(s, 0, n, delta);
            double diff = 0;
            double var = 0;
            for (int i = 0; i < n; i++) {
                diff += (gaps[i] <= delta ? 1 : 0) - p[i];
                var += p[i] * (1 - p[i]);
            }
            assertThat(Math.abs(diff)).as(bp.name()).isLessThan(Z * Math.sqrt(var));
        }
    }

    @Test
    void nextTypeDistributionOfAPoissonMixtureIsTheRateShare() {
        // a Hawkes process with no excitation is a marked Poisson process: type shares mu_k / sum mu
        PointProcess p = ExponentialHawkes.multivariate(new double[] {0.5, 1.5, 2}, new double[3][3], 1);
        double[] dist = p.start().nextTypeDistribution(Double.POSITIVE_INFINITY);
        assertThat(dist).containsExactly(new double[] {0.125, 0.375, 0.5}, within(1e-12));
        assertThat(p.start().nextTypeDistribution(0.3))
                .containsExactly(new double[] {0.125, 0.375, 0.5}, within(1e-12));
        assertThat(p.start().probabilityWithin(0.3)).isCloseTo(1 - Math.exp(-4 * 0.3), within(1e-15));
    }

    @Test
    void typeDistributionAtEventsIsTheIntensityShare() {
        PointProcess hawkes = BenchmarkProcesses.hawkes3Type().process();
        EventSequence s = hawkes.simulate(100, new SplittableRandom(33));
        double[][] shares = hawkes.typeDistributionsAtEvents(s, 10, 20);
        for (int i = 10; i < 20; i++) {
            ConditionalIntensity state = hawkes.conditionedOn(s, i);
            double total = state.totalIntensity(s.time(i));
            for (int k = 0; k < 3; k++) {
                assertThat(shares[i - 10][k]).isCloseTo(state.intensity(k, s.time(i)) / total, within(1e-15));
            }
        }
    }

    @Test
    void fixedSeedsReproduceSequencesAndOtherSeedsDoNot() {
        for (BenchmarkProcess bp : BenchmarkProcesses.all()) {
            EventSequence a = bp.process().simulate(500, new SplittableRandom(41));
            EventSequence b = bp.process().simulate(500, new SplittableRandom(41));
            EventSequence c = bp.process().simulate(500, new SplittableRandom(42));
            assertThat(a).as(bp.name()).isEqualTo(b);
            assertThat(a.times()).as(bp.name()).isNotEqualTo(c.times());
            // simulateUntil(T) gives the same events as simulate(n) up to T from the same seed
            EventSequence until = bp.process().simulateUntil(a.time(249), new SplittableRandom(41));
            assertThat(until).as(bp.name()).isEqualTo(a.slice(0, 250));
        }
    }

    @Test
    void filterRejectsEventsOutOfOrderOrOfUnknownType() {
        ConditionalIntensity state = BenchmarkProcesses.hawkes3Type().process().start();
        state.observe(1, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.observe(0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the last observed event");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.observe(2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside [0, 3)");
        ConditionalIntensity copy = state.copy();
        copy.observe(2, 0);
        assertThat(state.count()).isEqualTo(1);
        assertThat(copy.count()).isEqualTo(2);
        assertThat(state.intensity(0, 3)).isLessThan(copy.intensity(0, 3));
    }
}
