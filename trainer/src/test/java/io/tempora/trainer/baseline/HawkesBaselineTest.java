package io.tempora.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import io.tempora.pp.ExponentialHawkes;
import io.tempora.pp.HomogeneousPoisson;
import io.tempora.pp.PointProcess;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HawkesBaselineTest {

    /** The simulated truth: a branching ratio of 0.6 and a memory of half a second. */
    private static final double MU = 0.8;

    private static final double ALPHA = 0.6;
    private static final double BETA = 2.0;

    /** A parameter estimate within this many standard errors of the truth (a 4-sigma miss has odds 6e-5). */
    private static final double SIGMAS = 4;

    /** Histories of {@code sequences} simulations of {@code events} events, times since each first event. */
    private static Histories simulate(PointProcess p, int sequences, int events, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] times = new double[sequences][];
        for (int q = 0; q < sequences; q++) {
            EventSequence s = p.simulate(events, rng.split());
            times[q] = new double[s.size()];
            for (int i = 0; i < s.size(); i++) {
                times[q][i] = s.time(i) - s.time(0);
            }
        }
        return Histories.ofSeconds(times);
    }

    /** The log-likelihood by its definition: every pair of events, every intensity summed from scratch. */
    private static double directSum(HawkesBaseline p, double[] t) {
        double ll = 0;
        for (int i = 1; i < t.length; i++) {
            double lambda = p.mu();
            for (int j = 0; j < i; j++) {
                lambda += p.alpha() * p.beta() * Math.exp(-p.beta() * (t[i] - t[j]));
            }
            ll += Math.log(lambda);
        }
        double end = t[t.length - 1];
        ll -= p.mu() * end;
        for (double tj : t) {
            ll -= p.alpha() * (1 - Math.exp(-p.beta() * (end - tj)));
        }
        return ll;
    }

    @Test
    void theRecursionAgreesWithTheDirectPairwiseSumAndWithModelCoresHawkes() {
        // Ties included: two events at 1.5 s.
        double[] t = {0, 0.3, 1.5, 1.5, 2.25, 4, 4.1, 9};
        HawkesBaseline p = new HawkesBaseline(0.7, 0.45, 1.3);

        double ll = p.logLikelihood(t);

        assertThat(ll).isCloseTo(directSum(p, t), within(1e-12));
        // model-core's filter, conditioned on the first event, scores events 1.. under the same convention.
        EventSequence s = EventSequence.ofTimes("u", t);
        assertThat(ll)
                .isCloseTo(
                        ExponentialHawkes.univariate(p.mu(), p.alpha(), p.beta())
                                .logLikelihood(s, 1, t.length),
                        within(1e-12));
        assertThat(p.logLikelihood(new double[] {0})).isZero();
    }

    @Test
    void theGradientMatchesCentralFiniteDifferences() {
        Histories h = simulate(ExponentialHawkes.univariate(MU, ALPHA, BETA), 5, 60, 11);
        double[] x = new HawkesBaseline(0.5, 0.4, 3.0).toLog();
        double[] gradient = new double[3];
        HawkesBaseline.fromLog(x).logLikelihood(h, gradient);

        double step = 1e-5;
        for (int i = 0; i < 3; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += step;
            down[i] -= step;
            double fd = (HawkesBaseline.fromLog(up).logLikelihood(h, null)
                            - HawkesBaseline.fromLog(down).logLikelihood(h, null))
                    / (2 * step);
            // Central differences err by O(step²) times the third derivative (order of the ll, ~100) plus rounding
            // (1e-16 × |ll| / step ~ 1e-9): 1e-6 relative separates a slip in any term, which is O(1) or more.
            assertThat(gradient[i]).as("component %d", i).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            assertThat(Math.abs(gradient[i])).as("a gradient worth checking").isGreaterThan(1);
        }
    }

    @Test
    void maximumLikelihoodRecoversSimulatedParametersWithinTheirStandardErrors() {
        Histories h = simulate(ExponentialHawkes.univariate(MU, ALPHA, BETA), 40, 250, 5);

        HawkesBaseline fitted = HawkesBaseline.fit(h);

        double[] x = fitted.toLog();
        double[] g = new double[3];
        fitted.logLikelihood(h, g);
        for (double gi : g) {
            assertThat(Math.abs(gi) / h.scoredEvents())
                    .as("gradient per event at the optimum")
                    .isLessThan(HawkesBaseline.GRADIENT_TOLERANCE);
        }
        // Standard errors from the observed information: the Hessian of −ll in the log-parameters, by central
        // differences of the analytic gradient, inverted.
        double[][] information = new double[3][3];
        double step = 1e-4;
        for (int j = 0; j < 3; j++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[j] += step;
            down[j] -= step;
            double[] gu = new double[3];
            double[] gd = new double[3];
            HawkesBaseline.fromLog(up).logLikelihood(h, gu);
            HawkesBaseline.fromLog(down).logLikelihood(h, gd);
            for (int i = 0; i < 3; i++) {
                information[i][j] = -(gu[i] - gd[i]) / (2 * step);
            }
        }
        double[][] covariance = invert3(information);
        double[] truth = new HawkesBaseline(MU, ALPHA, BETA).toLog();
        for (int i = 0; i < 3; i++) {
            double se = Math.sqrt(covariance[i][i]);
            // 10,000 events fix each log-parameter to within about ±0.1: a test that can fail.
            assertThat(se).as("standard error of log-parameter %d", i).isBetween(0.005, 0.15);
            assertThat(x[i]).as("log-parameter %d (se %.3f)", i, se).isCloseTo(truth[i], within(SIGMAS * se));
        }
    }

    @Test
    void onPoissonDataTheExcitationVanishesAndTheFitIsAtLeastPoissons() {
        double rate = 1.7;
        Histories h = simulate(new HomogeneousPoisson(rate), 30, 200, 3);

        HawkesBaseline hawkes = HawkesBaseline.fit(h);
        PoissonBaseline poisson = PoissonBaseline.fit(h);

        assertThat(hawkes.alpha()).isLessThan(0.05);
        double llPoisson = poisson.logLikelihood(h);
        // Hawkes with α → 0 is this Poisson process: its maximum can only be higher (up to the optimiser's stop).
        assertThat(hawkes.logLikelihood(h, null)).isGreaterThan(llPoisson - 1e-6);
        assertThat(hawkes.mu() + hawkes.alpha() * rate).isCloseTo(poisson.ratePerSecond(), within(0.05));
    }

    private static double[][] invert3(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}
        };
    }
}
