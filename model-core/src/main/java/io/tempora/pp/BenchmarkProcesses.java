package io.tempora.pp;

import java.util.List;

/**
 * The synthetic processes of Omi, Ueda &amp; Aihara (2019), "Fully neural network based model for general
 * temporal point processes", NeurIPS, section 5.1, plus a 3-type Hawkes process for next-type prediction.
 * Each starts at time 0 with an empty history; simulate with {@link PointProcess#simulate(int,
 * java.util.random.RandomGenerator)}.
 */
public final class BenchmarkProcesses {

    /** The sinusoidal rate shared by the non-stationary processes: {@code 1 + 0.99 sin(2 pi t / 20000)}. */
    public static final SinusoidalRate SINUSOIDAL_RATE = new SinusoidalRate(1, 0.99, 20_000);

    private BenchmarkProcesses() {}

    /** All eight, in the order of Omi et al.'s table, the 3-type Hawkes last. */
    public static List<BenchmarkProcess> all() {
        return List.of(
                stationaryPoisson(),
                nonStationaryPoisson(),
                stationaryRenewal(),
                nonStationaryRenewal(),
                selfCorrecting(),
                hawkes1(),
                hawkes2(),
                hawkes3Type());
    }

    /** Looks one up by {@link BenchmarkProcess#name()}. */
    public static BenchmarkProcess named(String name) {
        return all().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no benchmark process '" + name + "'; known: "
                        + all().stream().map(BenchmarkProcess::name).toList()));
    }

    /** Stationary Poisson, {@code lambda = 1}. */
    public static BenchmarkProcess stationaryPoisson() {
        return new BenchmarkProcess("stationary_poisson", "stationary Poisson, lambda = 1", new HomogeneousPoisson(1));
    }

    /** Non-stationary Poisson, {@code lambda(t) = 1 + 0.99 sin(2 pi t / 20000)}. */
    public static BenchmarkProcess nonStationaryPoisson() {
        return new BenchmarkProcess(
                "nonstationary_poisson",
                "non-stationary Poisson, lambda(t) = 1 + 0.99 sin(2 pi t/20000)",
                new InhomogeneousPoisson(SINUSOIDAL_RATE));
    }

    /** Stationary renewal with log-normal gaps of mean 1 and sd 6 ({@code sigma = sqrt(ln 37)}, {@code mu = -sigma^2/2}). */
    public static BenchmarkProcess stationaryRenewal() {
        return new BenchmarkProcess(
                "stationary_renewal",
                "renewal, log-normal gaps, mean 1, sd 6",
                new RenewalProcess(LogNormalGaps.withMeanAndSd(1, 6)));
    }

    /** Gamma gaps (shape 4, mean 1) in the time rescaled by {@link #SINUSOIDAL_RATE}. */
    public static BenchmarkProcess nonStationaryRenewal() {
        return new BenchmarkProcess(
                "nonstationary_renewal",
                "renewal with gamma gaps (shape 4, mean 1) in time rescaled by 1 + 0.99 sin(2 pi t/20000)",
                new TimeRescaledRenewal(GammaGaps.withShapeAndMean(4, 1), SINUSOIDAL_RATE));
    }

    /** Self-correcting, {@code lambda(t) = exp(t - N(t))}. */
    public static BenchmarkProcess selfCorrecting() {
        return new BenchmarkProcess(
                "self_correcting", "self-correcting, lambda(t) = exp(t - N(t))", new SelfCorrectingProcess(1, 1));
    }

    /** Hawkes, {@code lambda(t) = 0.2 + sum 0.8 e^{-(t - t_i)}}. */
    public static BenchmarkProcess hawkes1() {
        return new BenchmarkProcess(
                "hawkes1", "Hawkes, mu = 0.2, kernel 0.8 e^{-s}", ExponentialHawkes.univariate(0.2, 0.8, 1));
    }

    /** Hawkes, {@code lambda(t) = 0.2 + sum (0.4 e^{-(t - t_i)} + 0.4 * 20 e^{-20 (t - t_i)})}. */
    public static BenchmarkProcess hawkes2() {
        return new BenchmarkProcess(
                "hawkes2",
                "Hawkes, mu = 0.2, kernel 0.4 e^{-s} + 0.4*20 e^{-20 s}",
                ExponentialHawkes.univariate(0.2, new double[] {0.4, 0.4}, new double[] {1, 20}));
    }

    /**
     * 3-type Hawkes: {@code mu = (0.1, 0.2, 0.15)}, branching matrix
     * {@code alpha = ((0.3, 0.1, 0), (0.1, 0.3, 0.1), (0, 0.2, 0.4))} ({@code alpha[k][j]}: effect of a type-j
     * event on type k), {@code beta = 1.5}.
     */
    public static BenchmarkProcess hawkes3Type() {
        return new BenchmarkProcess(
                "hawkes3type",
                "3-type Hawkes, mu = (0.1, 0.2, 0.15), alpha = ((0.3,0.1,0),(0.1,0.3,0.1),(0,0.2,0.4)), beta = 1.5",
                ExponentialHawkes.multivariate(
                        new double[] {0.1, 0.2, 0.15},
                        new double[][] {{0.3, 0.1, 0}, {0.1, 0.3, 0.1}, {0, 0.2, 0.4}},
                        1.5));
    }
}
