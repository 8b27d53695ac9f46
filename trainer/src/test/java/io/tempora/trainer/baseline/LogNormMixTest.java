package io.tempora.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.LogNormalGaps;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogNormMixTest {

    /** Central differences' step in each parameter. */
    private static final double STEP = 1e-6;

    /** Relative agreement of the hand-written gradient with central differences (their error is O(STEP²)). */
    private static final double RELATIVE = 1e-6;

    private static LogNormMix small(int types, long seed) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < types; k++) {
            names.add("t" + k);
        }
        LogNormMix m = new LogNormMix(new TypeVocabulary(names), 4, 3, 2, 1.5, 2.0);
        m.parameters().initialise(seed);
        // Spread the parameters beyond the initialisation's small values (biases start at 0) so that every term
        // of the gradient is exercised, log-scales kept inside their clamp.
        SplittableRandom rng = new SplittableRandom(seed + 1);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.3 * (rng.nextDouble() - 0.5);
            }
        });
        return m;
    }

    private static LogNormMix.Encoded sequence() {
        // Gaps over four orders of magnitude, an unseen type (id 3 for a 3-type model) in the middle.
        double[] y = {0, Math.log(0.01), Math.log(3), Math.log(120), Math.log(0.5), Math.log(40), Math.log(7)};
        int[] k = {0, 2, 1, 3, 0, 2, 1};
        return new LogNormMix.Encoded(y, k);
    }

    private static double windowLl(LogNormMix m, LogNormMix.Encoded s, int from, int to, double[] h0) {
        return m.windowGradient(
                s,
                from,
                to,
                h0,
                m.newWorkspace(to - from),
                new double[m.parameters().size()]);
    }

    private static void checkGradient(int types, int from, int to) {
        LogNormMix m = small(types, 7);
        LogNormMix.Encoded s = sequence();
        double[] h0 = new double[m.hidden()];
        SplittableRandom rng = new SplittableRandom(3);
        for (int j = 0; j < h0.length && from > 0; j++) {
            h0[j] = rng.nextDouble() - 0.5;
        }
        double[] g = new double[m.parameters().size()];
        m.windowGradient(s, from, to, h0, m.newWorkspace(to - from), g);
        int nonZero = 0;
        for (int p = 0; p < g.length; p++) {
            double original = m.parameters().values()[p];
            m.parameters().set(p, original + STEP);
            double up = windowLl(m, s, from, to, h0);
            m.parameters().set(p, original - STEP);
            double down = windowLl(m, s, from, to, h0);
            m.parameters().set(p, original);
            double numeric = (up - down) / (2 * STEP);
            assertThat(g[p])
                    .as("parameter %d (%s)", p, m.parameters())
                    .isCloseTo(numeric, within(RELATIVE * Math.max(1, Math.abs(numeric))));
            nonZero += numeric != 0 ? 1 : 0;
        }
        assertThat(nonZero).as("parameters the window's likelihood depends on").isGreaterThan(g.length / 2);
    }

    @Test
    void gradientMatchesCentralDifferencesOverAWindowFromTheFirstEvent() {
        checkGradient(3, 0, 7);
    }

    @Test
    void gradientMatchesCentralDifferencesOverATruncatedWindowFromAGivenState() {
        checkGradient(3, 2, 6);
    }

    @Test
    void gradientMatchesCentralDifferencesForOneType() {
        LogNormMix.Encoded s = sequence();
        int[] one = new int[s.size()];
        LogNormMix m = small(1, 11);
        double[] g = new double[m.parameters().size()];
        LogNormMix.Encoded single = new LogNormMix.Encoded(s.logGaps(), one);
        m.windowGradient(single, 0, single.size(), new double[m.hidden()], m.newWorkspace(single.size()), g);
        for (int p = 0; p < g.length; p += 3) {
            double original = m.parameters().values()[p];
            m.parameters().set(p, original + STEP);
            double up = windowLl(m, single, 0, single.size(), new double[m.hidden()]);
            m.parameters().set(p, original - STEP);
            double down = windowLl(m, single, 0, single.size(), new double[m.hidden()]);
            m.parameters().set(p, original);
            double numeric = (up - down) / (2 * STEP);
            assertThat(g[p]).isCloseTo(numeric, within(RELATIVE * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void scoringAWholeSequenceIsTheWindowLikelihoodFromTheFirstEvent() {
        LogNormMix m = small(3, 5);
        LogNormMix.Encoded s = sequence();
        double[] totals = new double[4];
        double logUnseen = Math.log(0.01);
        m.scoreSequence(s, 0, logUnseen, m.newWorkspace(1), totals);
        // The window's likelihood leaves out the unseen type's type part; scoring adds log ε for it.
        assertThat(totals[LogNormMix.TIME] + totals[LogNormMix.TYPE] - logUnseen)
                .isCloseTo(windowLl(m, s, 0, s.size(), new double[m.hidden()]), within(1e-12));
        assertThat(totals[LogNormMix.EVENTS]).isEqualTo(s.size() - 1);
        assertThat(totals[LogNormMix.UNSEEN]).isEqualTo(1);
    }

    /**
     * Log-normal gaps over orders of magnitude (median 60 s, σ = 2.5) with types that alternate: the fit's time
     * part comes near the true gap density's (the mixture holds a log-normal exactly) and its type part near 0
     * (the history says which type comes next), where independent type shares pay log 2.
     */
    @Test
    void fitLearnsHeavyTailedGapsAndTypesThatTheHistoryPredicts() {
        LogNormalGaps gaps = new LogNormalGaps(Math.log(60), 2.5);
        SplittableRandom rng = new SplittableRandom(2020);
        List<EventSequence> train = new ArrayList<>();
        List<EventSequence> test = new ArrayList<>();
        double trueTimeLl = 0;
        long testEvents = 0;
        for (int q = 0; q < 40; q++) {
            int n = 60;
            double[] t = new double[n];
            int[] k = new int[n];
            for (int i = 1; i < n; i++) {
                double gap = gaps.sample(rng);
                t[i] = t[i - 1] + gap * 1000;
                k[i] = i % 2;
                if (q >= 30) {
                    trueTimeLl += gaps.logDensity(gap);
                    testEvents++;
                }
            }
            (q < 30 ? train : test).add(EventSequence.of("e" + q, t, k));
        }
        TypeVocabulary types = TypeVocabulary.of("a", "b");
        LogNormMixFit.Result r = LogNormMixFit.fit(Dataset.of(types, train), 1000, 60, 1);
        LogNormMix m = r.model();
        double[] totals = new double[4];
        LogNormMix.Workspace ws = m.newWorkspace(1);
        for (LogNormMix.Encoded s : m.encode(Dataset.of(types, test), 1000)) {
            m.scoreSequence(s, 0, Math.log(1e-3), ws, totals);
        }
        assertThat(totals[LogNormMix.EVENTS]).isEqualTo(testEvents);
        double timeNll = -totals[LogNormMix.TIME] / testEvents;
        double typeNll = -totals[LogNormMix.TYPE] / testEvents;
        assertThat(timeNll).isCloseTo(-trueTimeLl / testEvents, within(0.1));
        assertThat(typeNll).isLessThan(0.05);
        assertThat(r.bestEpoch()).isPositive();
    }
}
