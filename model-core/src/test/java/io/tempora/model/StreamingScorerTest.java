package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.TypeVocabulary;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class StreamingScorerTest {

    /** Rounds of 2,000 events (tens of milliseconds each) the allocation check waits for C2 at most. */
    private static final int MAX_WARM_ROUNDS = 250;

    private static EventModel withFeatures() {
        ModelArchitecture a = new ModelArchitecture(6, 10, 4, 3, 2);
        FeatureStatistics fs = new FeatureStatistics(List.of("a", "b"), new double[] {10, -2}, new double[] {3, 0.5});
        return EventModel.create(a, 250.0, TypeVocabulary.numbered(3), fs, "t", 11);
    }

    @Test
    void eventLikelihoodIsLogIntensityMinusCompensatorPlusFeatureDensity() {
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(1000);
        double[] x = {13.0, -1.0};
        double ll = scorer.observe(s, 1400, 2, x);
        // Recompute by hand: the segment ODE from h0 over 1.6 model units, then the closed-form terms.
        StreamingScorer reference = new StreamingScorer(m);
        EntityState r = reference.newState(1000);
        reference.advance(r, 1400);
        ModelWorkspace ws = m.newWorkspace();
        double[] h = r.latent();
        double[] xs = {(13.0 - 10) / 3, (-1.0 + 2) / 0.5};
        double expected = ws.logIntensity(h, 2)
                - Math.log(250.0)
                - r.pendingCompensator()
                + ws.featureLogDensity(h, xs)
                - Math.log(3)
                - Math.log(0.5);
        assertThat(ll).isCloseTo(expected, within(1e-12));
        assertThat(r.pendingCompensator()).isPositive();
    }

    @Test
    void stateBytesRoundTrip() {
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(0);
        scorer.observe(s, 10, 1, new double[] {1, 2});
        scorer.advance(s, 30);
        assertThat(s.stepHint())
                .as("an advance leaves the controller's next step as the hint")
                .isPositive();
        EntityState back = EntityState.fromBytes(s.toBytes());
        assertThat(back).isEqualTo(s);
        assertThat(back.stepHint()).isEqualTo(s.stepHint());
        assertThat(back.modelVersion()).isEqualTo("t");
        byte[] cut = java.util.Arrays.copyOf(s.toBytes(), 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EntityState.fromBytes(cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        byte[] wrong = s.toBytes();
        wrong[0] = 0x33; // "TES3", a format no code wrote
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EntityState.fromBytes(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong magic number");
    }

    @Test
    void predictionIsConsistentWithScoring() {
        // P(within Δ) = 1 − exp(−Λ(Δ)) and advance() measures Λ over the same span.
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m, TestSettings.TIGHT);
        EntityState s = scorer.newState(0);
        scorer.observe(s, 100, 0, new double[] {9, -2});
        PredictionBuffer p = scorer.newPredictionBuffer(2);
        scorer.predict(s, 150, new double[] {200, 400}, p);
        EntityState c = s.copy();
        scorer.advance(c, 150);
        double at150 = c.pendingCompensator();
        scorer.advance(c, 350);
        assertThat(p.probabilityWithin(0)).isCloseTo(-Math.expm1(-(c.pendingCompensator() - at150)), within(1e-9));
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            sum += p.nextTypeProbability(k);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        assertThat(p.quantile(0)).isLessThan(p.quantile(1));
        assertThat(p.expectedTimeToNext()).isBetween(0.0, 400.0);
    }

    @Test
    void aBufferWithMoreThanSixtyFourHorizonsIsFilledAtEveryHorizon() {
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(0);
        scorer.observe(s, 100, 1, new double[] {10, -2});
        int n = 100;
        double[] horizons = new double[n];
        for (int j = 0; j < n; j++) {
            horizons[j] = 25.0 * (j + 1);
        }
        PredictionBuffer p = scorer.newPredictionBuffer(n);
        scorer.predict(s, 100, horizons, p);
        assertThat(p.horizonCount()).isEqualTo(n);
        // Each horizon read against an advance over the same span: P(within Δ) = 1 − exp(−Λ(Δ)).
        for (int j : new int[] {0, 63, 64, 99}) {
            EntityState c = s.copy();
            scorer.advance(c, 100 + horizons[j]);
            assertThat(p.probabilityWithin(j))
                    .as("horizon %d", j)
                    .isCloseTo(-Math.expm1(-c.pendingCompensator()), within(2e-3));
        }
        for (int j = 1; j < n; j++) {
            assertThat(p.probabilityWithin(j)).isGreaterThan(p.probabilityWithin(j - 1));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scorer.predict(s, 100, new double[n + 1], p))
                .hasMessageContaining("the buffer holds 1 to " + n);
    }

    @Test
    void predictLeavesTheStateByteForByteUnchanged() {
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(0);
        scorer.observe(s, 100, 1, new double[] {10, -2});
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        double[] horizons = {50, 250, 1000};
        byte[] before = s.toBytes();
        scorer.predict(s, 100, horizons, p);
        assertThat(s.toBytes()).as("a prediction at the state's time").isEqualTo(before);
        scorer.predict(s, 180, horizons, p);
        assertThat(s.toBytes()).as("a prediction later than the state's time").isEqualTo(before);
        scorer.advance(s, 150);
        assertThat(s.stepHint()).isPositive();
        byte[] hinted = s.toBytes();
        scorer.predict(s, 150, horizons, p);
        assertThat(s.toBytes()).as("a prediction from a state with a hint").isEqualTo(hinted);
        // The per-event path records the hint explicitly, and changes nothing else.
        EntityState e = scorer.newState(0);
        scorer.observe(e, 100, 1, new double[] {10, -2});
        assertThat(e.stepHint()).isNaN();
        EntityState copy = e.copy();
        scorer.predictAndRecordHint(e, horizons, p);
        assertThat(e.stepHint()).isPositive();
        copy.step = e.step;
        assertThat(e.toBytes()).isEqualTo(copy.toBytes());
    }

    @Test
    void streamingAllocatesNothingPerEventOnceWarm() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(hotspot.isThreadAllocatedMemorySupported());
        hotspot.setThreadAllocatedMemoryEnabled(true);
        EventModel m = withFeatures();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(0);
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        double[] horizons = {50, 250, 1000};
        double[] x = new double[2];
        int events = 2_000;
        double[] gaps = new double[events];
        int[] types = new int[events];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < events; i++) {
            gaps[i] = -250 * Math.log(rng.nextDouble());
            types[i] = rng.nextInt(3);
        }
        double[] typeShares = new double[3];
        Runnable work = () -> {
            x[0] = 10;
            x[1] = -2;
            scorer.restart(s, 0, 0, x);
            double t = 0;
            for (int i = 0; i < events; i++) {
                t += gaps[i];
                x[0] = 10 + i % 5;
                x[1] = -2 + 0.1 * (i % 3);
                scorer.advance(s, t - 0.5 * gaps[i]);
                scorer.typeProbabilities(s, t, typeShares);
                scorer.observe(s, t, types[i], x);
                scorer.predictAndRecordHint(s, horizons, p);
                if (i % 10 == 0) {
                    scorer.predict(s, t + gaps[i], horizons, p);
                }
            }
        };
        long id = Thread.currentThread().getId();
        // Warm-up long enough for C2 to compile the kernels: interpreted and C1 code box the Vector API's
        // registers (FieldKernel, JumpKernel), which compiled code keeps in registers. Eight rounds, then
        // rounds until one allocates nothing, at most MAX_WARM_ROUNDS more (a few seconds): on a loaded
        // two-core machine C2's queue can take many rounds to reach every kernel. What is measured is the
        // steady state; code that allocates in it allocates in every round and still fails here.
        for (int i = 0; i < 8; i++) {
            work.run();
        }
        long bytes = Long.MAX_VALUE;
        int rounds = 0;
        while (bytes >= events && rounds < MAX_WARM_ROUNDS) {
            long before = hotspot.getThreadAllocatedBytes(id);
            work.run();
            bytes = hotspot.getThreadAllocatedBytes(id) - before;
            rounds++;
        }
        assertThat(bytes)
                .as(
                        "bytes allocated by %d events (advance, typeProbabilities, observe, predict) in round %d"
                                + " after warm-up",
                        events, rounds)
                .isLessThan(events);
    }
}
