package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.hipparchus.distribution.continuous.LogNormalDistribution;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each process's closed-form log-likelihood against an independent one: intensities written naively from the
 * definition (sums over all past events, Hipparchus distributions) and integrated by Hipparchus's Gauss–Legendre
 * quadrature between events.
 */
class ExactLikelihoodTest {

    record Case(String name, PointProcess process, Reference.NaiveIntensity naive, int numEvents) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        // gamma densities from the textbook formula: Hipparchus's GammaDistribution.density is noisy near 0
        java.util.function.DoubleUnaryOperator gamma4 = x -> gammaDensity(4, 4, x);
        java.util.function.DoubleUnaryOperator gamma075 = x -> gammaDensity(0.75, 0.5, x);
        double s2 = Math.log(37);
        LogNormalDistribution logNormal = new LogNormalDistribution(-s2 / 2, Math.sqrt(s2));
        // A fast sinusoid (period 10) so that a short sample sees the rate vary; the benchmark's one separately.
        SinusoidalRate fast = new SinusoidalRate(1, 0.9, 10);
        return Stream.of(
                        new Case("poisson", new HomogeneousPoisson(2.5), (h, k, t) -> 2.5, 60),
                        new Case(
                                "marked poisson",
                                new MarkedPoisson(0.5, 1.5, 2),
                                (h, k, t) -> new double[] {0.5, 1.5, 2}[k],
                                60),
                        new Case(
                                "inhomogeneous poisson",
                                new InhomogeneousPoisson(fast),
                                (h, k, t) -> 1 + 0.9 * Math.sin(2 * Math.PI * t / 10),
                                60),
                        new Case(
                                "inhomogeneous poisson, numeric integral",
                                new InhomogeneousPoisson(RateFunction.of(t -> 2 + Math.cos(t), 3)),
                                (h, k, t) -> 2 + Math.cos(t),
                                60),
                        new Case(
                                "renewal gamma(4)",
                                new RenewalProcess(GammaGaps.withShapeAndMean(4, 1)),
                                (h, k, t) -> hazard(gamma4, x -> Gamma.regularizedGammaQ(4, 4 * x), t - last(h, t)),
                                60),
                        new Case(
                                "renewal gamma(0.75)",
                                new RenewalProcess(new GammaGaps(0.75, 0.5)),
                                (h, k, t) ->
                                        hazard(gamma075, x -> Gamma.regularizedGammaQ(0.75, x / 2), t - last(h, t)),
                                20),
                        new Case(
                                "renewal log-normal",
                                new RenewalProcess(LogNormalGaps.withMeanAndSd(1, 6)),
                                (h, k, t) -> hazard(
                                        logNormal::density,
                                        x -> 0.5 * Erf.erfc((Math.log(x) + s2 / 2) / Math.sqrt(2 * s2)),
                                        t - last(h, t)),
                                60),
                        new Case(
                                "time-rescaled renewal",
                                new TimeRescaledRenewal(GammaGaps.withShapeAndMean(4, 1), fast),
                                (h, k, t) -> {
                                    double tau = clock(t, 0.9, 10) - clock(last(h, t), 0.9, 10);
                                    return (1 + 0.9 * Math.sin(2 * Math.PI * t / 10))
                                            * hazard(gamma4, x -> Gamma.regularizedGammaQ(4, 4 * x), tau);
                                },
                                60),
                        new Case(
                                "self-correcting",
                                new SelfCorrectingProcess(1, 1),
                                (h, k, t) -> Math.exp(t - Reference.countBefore(h, t)),
                                60),
                        new Case(
                                "self-correcting mu=2 alpha=0.5",
                                new SelfCorrectingProcess(2, 0.5),
                                (h, k, t) -> Math.exp(2 * t - 0.5 * Reference.countBefore(h, t)),
                                60),
                        new Case(
                                "hawkes1",
                                BenchmarkProcesses.hawkes1().process(),
                                (h, k, t) -> {
                                    double v = 0.2;
                                    for (int i = 0; i < Reference.countBefore(h, t); i++) {
                                        v += 0.8 * Math.exp(-(t - h.time(i)));
                                    }
                                    return v;
                                },
                                80),
                        new Case(
                                "hawkes2",
                                BenchmarkProcesses.hawkes2().process(),
                                (h, k, t) -> {
                                    double v = 0.2;
                                    for (int i = 0; i < Reference.countBefore(h, t); i++) {
                                        double s = t - h.time(i);
                                        v += 0.4 * Math.exp(-s) + 0.4 * 20 * Math.exp(-20 * s);
                                    }
                                    return v;
                                },
                                80),
                        new Case(
                                "hawkes 3-type",
                                BenchmarkProcesses.hawkes3Type().process(),
                                (h, k, t) -> {
                                    double[] mu = {0.1, 0.2, 0.15};
                                    double[][] a = {{0.3, 0.1, 0}, {0.1, 0.3, 0.1}, {0, 0.2, 0.4}};
                                    double v = mu[k];
                                    for (int i = 0; i < Reference.countBefore(h, t); i++) {
                                        v += a[k][h.type(i)] * 1.5 * Math.exp(-1.5 * (t - h.time(i)));
                                    }
                                    return v;
                                },
                                80))
                .map(Arguments::of);
    }

    /** R(t) = integral_0^t (1 + A sin(2 pi s / P)) ds in its textbook form (the code uses a product form). */
    static double clock(double t, double amplitude, double period) {
        return t + amplitude * period / (2 * Math.PI) * (1 - Math.cos(2 * Math.PI * t / period));
    }

    /** rate^shape x^{shape-1} e^{-rate x} / Gamma(shape); with shape 0.75 the x^{-1/4} is smooth in v = x^{1/4}. */
    static double gammaDensity(double shape, double rate, double x) {
        return Math.exp(shape * Math.log(rate) + (shape - 1) * Math.log(x) - rate * x - Gamma.logGamma(shape));
    }

    static double last(EventSequence h, double t) {
        int n = Reference.countBefore(h, t);
        return n == 0 ? 0 : h.time(n - 1);
    }

    static double hazard(
            java.util.function.DoubleUnaryOperator density, java.util.function.DoubleUnaryOperator survival, double x) {
        return density.applyAsDouble(x) / survival.applyAsDouble(x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closedFormLogLikelihoodMatchesNumericIntegration(Case c) {
        EventSequence s = c.process().simulate(c.numEvents(), new SplittableRandom(11));
        double horizon = s.time(s.size() - 1) + 0.75;
        double expected = Reference.logLikelihood(c.naive(), c.process().numTypes(), s, horizon);
        double actual = c.process().logLikelihood(s, horizon);
        assertThat(actual).isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filterIntensityAndCompensatorMatchNaiveOnes(Case c) {
        EventSequence s = c.process().simulate(c.numEvents(), new SplittableRandom(5));
        int m = s.size() / 2;
        ConditionalIntensity state = c.process().conditionedOn(s, m);
        double t0 = s.time(m - 1);
        for (double dt : new double[] {1e-3, 0.1, 0.5, 2}) {
            double t = t0 + dt;
            EventSequence past = s.slice(0, m);
            for (int k = 0; k < c.process().numTypes(); k++) {
                double naive = c.naive().at(past, k, t);
                assertThat(state.intensity(k, t))
                        .as("lambda_%d(t0+%s)", k, dt)
                        .isCloseTo(naive, within(1e-10 * Math.max(1, naive)));
            }
            double integral = Reference.integrate(
                    x -> Reference.total(c.naive(), c.process().numTypes(), past, x), t0, t);
            assertThat(state.compensator(t))
                    .as("Lambda(t0, t0+%s)", dt)
                    .isCloseTo(integral, within(1e-9 * Math.max(1, integral)));
            assertThat(state.probabilityWithin(dt)).isCloseTo(-Math.expm1(-integral), within(1e-9));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eventAlignedLikelihoodIsAdditiveAndConsistentWithTheWindowedOne(Case c) {
        EventSequence s = c.process().simulate(c.numEvents(), new SplittableRandom(8));
        int n = s.size();
        int m = (int) (0.8 * n);
        double whole = c.process().logLikelihood(s, 0, n);
        assertThat(c.process().logLikelihood(s, 0, m) + c.process().logLikelihood(s, m, n))
                .isCloseTo(whole, within(1e-9 * Math.max(1, Math.abs(whole))));
        // on [0, t_n] the windowed likelihood has no survival tail beyond the last event
        assertThat(c.process().logLikelihood(s, s.time(n - 1)))
                .isCloseTo(whole, within(1e-9 * Math.max(1, Math.abs(whole))));
        // the test segment conditions on the training part: scoring it from an empty history differs
        double increments = 0;
        for (double v : c.process().compensatorIncrements(s, m, n)) {
            increments += v;
        }
        double logs = 0;
        ConditionalIntensity state = c.process().conditionedOn(s, m);
        for (int i = m; i < n; i++) {
            logs += Math.log(state.intensity(s.type(i), s.time(i)));
            state.observe(s.time(i), s.type(i));
        }
        assertThat(c.process().logLikelihood(s, m, n))
                .isCloseTo(logs - increments, within(1e-9 * Math.max(1, Math.abs(whole))));
    }
}
