package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenchmarkProcessesTest {

    @Test
    void theEightProcessesHaveDistinctNamesAndTheIssuesParameters() {
        assertThat(BenchmarkProcesses.all())
                .extracting(BenchmarkProcess::name)
                .containsExactly(
                        "stationary_poisson",
                        "nonstationary_poisson",
                        "stationary_renewal",
                        "nonstationary_renewal",
                        "self_correcting",
                        "hawkes1",
                        "hawkes2",
                        "hawkes3type");
        assertThat(BenchmarkProcesses.named("hawkes2").process().numTypes()).isEqualTo(1);
        assertThat(BenchmarkProcesses.named("hawkes3type").process().numTypes()).isEqualTo(3);
        assertThatThrownBy(() -> BenchmarkProcesses.named("nope")).hasMessageContaining("hawkes1");

        RateFunction r = BenchmarkProcesses.SINUSOIDAL_RATE;
        assertThat(r.rate(5_000)).isCloseTo(1.99, within(1e-12));
        assertThat(r.rate(15_000)).isCloseTo(0.01, within(1e-12));
        assertThat(r.integral(0, 20_000)).isCloseTo(20_000, within(1e-8));
        assertThat(r.integral(0, 10_000)).isCloseTo(10_000 + 0.99 * 20_000 / Math.PI, within(1e-8));

        ExponentialHawkes h3 =
                (ExponentialHawkes) BenchmarkProcesses.hawkes3Type().process();
        assertThat(h3.branchingMatrix()).isDeepEqualTo(new double[][] {{0.3, 0.1, 0}, {0.1, 0.3, 0.1}, {0, 0.2, 0.4}});
        assertThat(h3.beta()).containsExactly(1.5);
        assertThat(h3.mu()).containsExactly(0.1, 0.2, 0.15);
        ExponentialHawkes h2 = (ExponentialHawkes) BenchmarkProcesses.hawkes2().process();
        assertThat(h2.branchingMatrix()[0][0]).isCloseTo(0.8, within(1e-15));
        assertThat(h2.beta()).containsExactly(1, 20);
    }

    @Test
    void simulatesADatasetFromASeed() {
        BenchmarkProcess bp = BenchmarkProcesses.hawkes3Type();
        io.tempora.data.Dataset d = bp.simulate(300, 77);
        assertThat(d.types().names()).containsExactly("0", "1", "2");
        assertThat(d.sequences()).singleElement().satisfies(s -> {
            assertThat(s.entityId()).isEqualTo("hawkes3type");
            assertThat(s.times())
                    .containsExactly(
                            bp.process().simulate(300, new SplittableRandom(77)).times());
        });
    }

    @Test
    void advanceInvertsTheIntegratedRateWhereTheRateIsNearlyZero() {
        RateFunction r = BenchmarkProcesses.SINUSOIDAL_RATE;
        for (double from : new double[] {0, 14_990, 14_999.5, 15_000, 37_123.4}) {
            for (double amount : new double[] {1e-6, 0.01, 0.5, 1, 3, 50}) {
                double t = r.advance(from, amount);
                assertThat(r.integral(from, t))
                        .as("from %s amount %s", from, amount)
                        .isCloseTo(amount, within(1e-12 * Math.max(1, amount)));
            }
        }
    }

    @Test
    void fiftyThousandEventsSimulateAndScoreWithAnEightyTwentySplit() {
        // the benchmark's use: one long sequence, train on the first 80%, score the rest conditioned on it
        for (BenchmarkProcess bp : BenchmarkProcesses.all()) {
            EventSequence s = bp.process().simulate(50_000, new SplittableRandom(51));
            assertThat(s.size()).isEqualTo(50_000);
            double testNll = -bp.process().logLikelihood(s, 40_000, 50_000) / 10_000;
            double trainNll = -bp.process().logLikelihood(s, 0, 40_000) / 40_000;
            assertThat(testNll).as(bp.name()).isFinite();
            // the non-stationary rate swings over 20000 time units; train and test NLLs agree within 0.1 for the rest
            if (!bp.name().startsWith("nonstationary")) {
                assertThat(testNll).as(bp.name()).isCloseTo(trainNll, within(0.1));
            }
        }
    }
}
