package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import java.util.SplittableRandom;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * Simulated moments against theory. Every bound is {@value #Z} standard errors of the estimator (a fixed
 * seed, so no flakiness; a wrong rate, scale or branching ratio moves the estimate by many more).
 */
class SimulationMomentsTest {

    private static final double Z = 5;

    @Test
    void poissonGapsHaveMeanAndVarianceOfTheExponential() {
        double rate = 2;
        int n = 20_000;
        double[] g = Reference.gaps(new HomogeneousPoisson(rate).simulate(n, new SplittableRandom(1)));
        assertThat(Reference.mean(g)).isCloseTo(1 / rate, within(Z / (rate * Math.sqrt(n))));
        // Var(s^2) ~ (mu4 - sigma^4) / n with mu4 = 9 / rate^4 for the exponential
        assertThat(Reference.variance(g)).isCloseTo(1 / (rate * rate), within(Z * Math.sqrt(8.0 / n) / (rate * rate)));
        assertThat(Reference.ksStatistic(g, x -> -Math.expm1(-rate * x)) * Math.sqrt(n))
                .isLessThan(Reference.KS_CRITICAL_0_001);
    }

    @Test
    void markedPoissonHasExponentialGapsAndTypeSharesInProportionToRates() {
        int n = 20_000;
        MarkedPoisson p = new MarkedPoisson(0.5, 1.5, 2);
        EventSequence s = p.simulate(n, new SplittableRandom(10));
        double[] g = Reference.gaps(s);
        assertThat(Reference.ksStatistic(g, x -> -Math.expm1(-4 * x)) * Math.sqrt(n))
                .isLessThan(Reference.KS_CRITICAL_0_001);
        int[] counts = new int[3];
        for (int k : s.types()) {
            counts[k]++;
        }
        double[] share = {0.125, 0.375, 0.5};
        for (int k = 0; k < 3; k++) {
            assertThat((double) counts[k] / n)
                    .isCloseTo(share[k], within(Z * Math.sqrt(share[k] * (1 - share[k]) / n)));
        }
        assertThat(p.start().nextTypeDistribution(Double.POSITIVE_INFINITY)).containsExactly(share);
        // the closed form log-likelihood on [0, T]
        double horizon = s.time(n - 1) + 1;
        double expected = -4 * horizon;
        for (int k : s.types()) {
            expected += Math.log(new double[] {0.5, 1.5, 2}[k]);
        }
        assertThat(p.logLikelihood(s, horizon)).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
    }

    @Test
    void inhomogeneousPoissonCountsFollowTheIntegratedRateInEachHalfPeriod() {
        double a = 0.9;
        double period = 10;
        double horizon = 10_000; // 1000 periods
        EventSequence s = new InhomogeneousPoisson(new SinusoidalRate(1, a, period))
                .simulateUntil(horizon, new SplittableRandom(2));
        int rising = 0;
        for (double t : s.times()) {
            if ((t % period) < period / 2) {
                rising++;
            }
        }
        int falling = s.size() - rising;
        // integral of 1 + a sin over the first half period is P/2 + a P / pi; counts there are Poisson
        double expectedRising = (horizon / period) * (period / 2 + a * period / Math.PI);
        double expectedFalling = (horizon / period) * (period / 2 - a * period / Math.PI);
        assertThat((double) rising).isCloseTo(expectedRising, within(Z * Math.sqrt(expectedRising)));
        assertThat((double) falling).isCloseTo(expectedFalling, within(Z * Math.sqrt(expectedFalling)));
    }

    @Test
    void marsagliaTsangGammaMatchesMomentsAndDistribution() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 20_000;
        for (double shape : new double[] {0.3, 1, 4, 25}) {
            GammaGaps gamma = new GammaGaps(shape, 2);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = gamma.sample(rng);
            }
            double mean = shape / 2;
            double var = shape / 4;
            // fourth central moment of the gamma: var^2 (3 + 6 / shape)
            double mu4 = var * var * (3 + 6 / shape);
            assertThat(Reference.mean(x)).as("mean, shape %s", shape).isCloseTo(mean, within(Z * Math.sqrt(var / n)));
            assertThat(Reference.variance(x))
                    .as("variance, shape %s", shape)
                    .isCloseTo(var, within(Z * Math.sqrt((mu4 - var * var) / n)));
            double d = Reference.ksStatistic(x, v -> Gamma.regularizedGammaP(shape, 2 * v));
            assertThat(d * Math.sqrt(n)).as("KS, shape %s", shape).isLessThan(Reference.KS_CRITICAL_0_001);
        }
    }

    @Test
    void gammaRenewalGapsHaveTheirMeanAndVariance() {
        int n = 20_000;
        double[] g = Reference.gaps(
                new RenewalProcess(GammaGaps.withShapeAndMean(4, 1)).simulate(n, new SplittableRandom(4)));
        double var = 0.25;
        assertThat(Reference.mean(g)).isCloseTo(1, within(Z * Math.sqrt(var / n)));
        assertThat(Reference.variance(g)).isCloseTo(var, within(Z * Math.sqrt(var * var * 3.5 / n)));
    }

    @Test
    void logNormalRenewalLogGapsAreNormalWithOmisParameters() {
        int n = 20_000;
        LogNormalGaps gaps = LogNormalGaps.withMeanAndSd(1, 6);
        assertThat(gaps.sigma()).isCloseTo(Math.sqrt(Math.log(37)), within(1e-15));
        assertThat(gaps.mu()).isCloseTo(-Math.log(37) / 2, within(1e-15));
        assertThat(gaps.mean()).isCloseTo(1, within(1e-12));
        assertThat(gaps.variance()).isCloseTo(36, within(1e-10));
        double[] g = Reference.gaps(new RenewalProcess(gaps).simulate(n, new SplittableRandom(5)));
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(g[i]);
        }
        double s2 = Math.log(37);
        // the raw mean of a sd-6 log-normal converges too slowly to test; its log is normal
        assertThat(Reference.mean(logs)).isCloseTo(-s2 / 2, within(Z * Math.sqrt(s2 / n)));
        assertThat(Reference.variance(logs)).isCloseTo(s2, within(Z * s2 * Math.sqrt(2.0 / n)));
    }

    @Test
    void timeRescaledRenewalHasGammaGapsOnTheRescaledClock() {
        int n = 20_000;
        SinusoidalRate rate = new SinusoidalRate(1, 0.99, 2_000); // 10 periods in the sample
        EventSequence s =
                new TimeRescaledRenewal(GammaGaps.withShapeAndMean(4, 1), rate).simulate(n, new SplittableRandom(6));
        double[] tau = new double[n];
        for (int i = 0; i < n; i++) {
            // R(a, b) from the textbook antiderivative, independent of the product form in the code
            tau[i] = clock(s.time(i), 0.99, 2_000) - clock(i == 0 ? 0 : s.time(i - 1), 0.99, 2_000);
        }
        assertThat(Reference.mean(tau)).isCloseTo(1, within(Z * Math.sqrt(0.25 / n)));
        assertThat(Reference.variance(tau)).isCloseTo(0.25, within(Z * Math.sqrt(0.0625 * 3.5 / n)));
        assertThat(Reference.ksStatistic(tau, x -> Gamma.regularizedGammaP(4, 4 * x)) * Math.sqrt(n))
                .isLessThan(Reference.KS_CRITICAL_0_001);
        // the real-time events crowd where the rate is high: compare the count in the rising half-periods
        double horizon = s.time(n - 1);
        int rising = 0;
        for (double t : s.times()) {
            if (t % 2_000 < 1_000) {
                rising++;
            }
        }
        double risingShare = (double) rising / n;
        double expectedShare = (0.5 + 0.99 / Math.PI) / 1.0; // of each period's rescaled length P
        assertThat(risingShare).as("horizon %s", horizon).isCloseTo(expectedShare, within(0.02));
    }

    static double clock(double t, double amplitude, double period) {
        return t + amplitude * period / (2 * Math.PI) * (1 - Math.cos(2 * Math.PI * t / period));
    }

    @Test
    void selfCorrectingProcessRunsAtRateMuOverAlpha() {
        // N(t) tracks (mu/alpha) t with O(1) stationary fluctuations of mu t - alpha N, so t_n - n alpha/mu stays O(1)
        int n = 5_000;
        EventSequence s = new SelfCorrectingProcess(1, 1).simulate(n, new SplittableRandom(7));
        assertThat(s.time(n - 1) - n).isBetween(-10.0, 10.0);
        EventSequence s2 = new SelfCorrectingProcess(2, 0.5).simulate(n, new SplittableRandom(7));
        assertThat(s2.time(n - 1) - n * 0.25).isBetween(-5.0, 5.0);
        // gaps are more regular than Poisson ones of the same mean (variance 1, standard error of the sample
        // variance sqrt(8/n) = 0.04 at this n)
        assertThat(Reference.variance(Reference.gaps(s))).isLessThan(0.75);
    }

    @Test
    void univariateHawkesRateIsMuOverOneMinusBranchingRatio() {
        double horizon = 100_000;
        for (BenchmarkProcess bp :
                new BenchmarkProcess[] {BenchmarkProcesses.hawkes1(), BenchmarkProcesses.hawkes2()}) {
            EventSequence s = bp.process().simulateUntil(horizon, new SplittableRandom(8));
            double mu = 0.2;
            double n = 0.8;
            double rate = mu / (1 - n);
            // Var N(T) / T -> mu / (1 - n)^3 for a stationary Hawkes process
            double se = Math.sqrt(mu / Math.pow(1 - n, 3) / horizon);
            assertThat(s.size() / horizon).as(bp.name()).isCloseTo(rate, within(Z * se));
            assertThat(((ExponentialHawkes) bp.process()).stationaryRates()[0]).isCloseTo(rate, within(1e-14));
        }
    }

    @Test
    void explosiveHawkesHasNoStationaryRates() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExponentialHawkes.multivariate(
                                new double[] {1, 1}, new double[][] {{0.5, 0.6}, {0.6, 0.5}}, 1)
                        .stationaryRates())
                .hasMessageContaining("not stationary");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ExponentialHawkes.univariate(1, 1, 1).stationaryRates())
                .hasMessageContaining("spectral radius 1");
    }

    @Test
    void multivariateHawkesRatesAreInverseOfIMinusAlphaTimesMu() {
        double horizon = 100_000;
        ExponentialHawkes hawkes =
                (ExponentialHawkes) BenchmarkProcesses.hawkes3Type().process();
        EventSequence s = hawkes.simulateUntil(horizon, new SplittableRandom(9));
        RealMatrix alpha = MatrixUtils.createRealMatrix(new double[][] {{0.3, 0.1, 0}, {0.1, 0.3, 0.1}, {0, 0.2, 0.4}});
        RealMatrix inv = new LUDecomposition(
                        MatrixUtils.createRealIdentityMatrix(3).subtract(alpha))
                .getSolver()
                .getInverse();
        RealVector rates = inv.operate(MatrixUtils.createRealVector(new double[] {0.1, 0.2, 0.15}));
        // asymptotic covariance of N(T)/T: (I - A)^{-1} diag(rates) (I - A)^{-T} / T
        RealMatrix cov = inv.multiply(MatrixUtils.createRealDiagonalMatrix(rates.toArray()))
                .multiply(inv.transpose());
        assertThat(hawkes.stationaryRates()).containsExactly(rates.toArray(), within(1e-14));
        int[] counts = new int[3];
        for (int k : s.types()) {
            counts[k]++;
        }
        for (int k = 0; k < 3; k++) {
            double se = Math.sqrt(cov.getEntry(k, k) / horizon);
            assertThat(counts[k] / horizon).as("type %d", k).isCloseTo(rates.getEntry(k), within(Z * se));
        }
    }
}
