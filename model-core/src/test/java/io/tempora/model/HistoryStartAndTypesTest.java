package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.TypeVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting a history at its first event, and the type distribution at an event. */
class HistoryStartAndTypesTest {

    private static EventModel model() {
        ModelArchitecture a = new ModelArchitecture(6, 10, 4, 3, 2);
        FeatureStatistics fs = new FeatureStatistics(List.of("a", "b"), new double[] {10, -2}, new double[] {3, 0.5});
        return EventModel.create(a, 250.0, TypeVocabulary.numbered(3), fs, "t", 11);
    }

    @Test
    void aStartedHistoryIsTheFreshStateAfterItsFirstEventUnscored() {
        EventModel m = model();
        StreamingScorer scorer = new StreamingScorer(m);
        double[] x = {12, -1};
        EntityState started = scorer.start(1000, 2, x);
        EntityState observed = scorer.newState(1000);
        scorer.observe(observed, 1000, 2, x);
        assertThat(started.toBytes()).isEqualTo(observed.toBytes());
        assertThat(started.count()).isEqualTo(1);
        assertThat(started.time()).isEqualTo(1000);
        assertThat(started.lastEventTime()).isEqualTo(1000);
        assertThat(started.latent())
                .as("the jump moved the state")
                .isNotEqualTo(scorer.newState(1000).latent());
        // The second event is scored the same from either; restart reuses a state without allocating.
        EntityState reused = scorer.newState(0);
        scorer.observe(reused, 300, 0, x);
        scorer.restart(reused, 1000, 2, x);
        assertThat(reused.toBytes()).isEqualTo(started.toBytes());
        double a = scorer.observe(started, 1400, 1, x);
        double b = scorer.observe(observed, 1400, 1, x);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void typeProbabilitiesAreTheIntensitySharesAtTheEventTimeAndLeaveTheStateUnchanged() {
        EventModel m = model();
        StreamingScorer scorer = new StreamingScorer(m, TestSettings.TIGHT);
        EntityState s = scorer.start(0, 1, new double[] {10, -2});
        scorer.observe(s, 200, 0, new double[] {11, -2});
        byte[] before = s.toBytes();
        double[] p = new double[3];
        double total = scorer.typeProbabilities(s, 200, p);
        ModelWorkspace ws = m.newWorkspace();
        double[] lambda = new double[3];
        double expectedTotal = ws.intensities(s.latent(), lambda);
        assertThat(total).isCloseTo(expectedTotal / 250.0, within(1e-15));
        for (int k = 0; k < 3; k++) {
            assertThat(p[k]).isCloseTo(lambda[k] / expectedTotal, within(1e-15));
        }
        // Later than the state's time: the state as an advance would leave it (here, by an independent copy).
        double laterTotal = scorer.typeProbabilities(s, 700, p);
        assertThat(s.toBytes()).isEqualTo(before);
        EntityState advanced = s.copy();
        scorer.advance(advanced, 700);
        expectedTotal = ws.intensities(advanced.latent(), lambda);
        assertThat(laterTotal).isCloseTo(expectedTotal / 250.0, within(1e-12));
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            assertThat(p[k]).isCloseTo(lambda[k] / expectedTotal, within(1e-12));
            sum += p[k];
        }
        assertThat(sum).isCloseTo(1, within(1e-14));
        // The prediction at the same time reports the same intensities.
        PredictionBuffer out = scorer.newPredictionBuffer(1);
        scorer.predict(s, 700, new double[] {100}, out);
        assertThat(out.totalIntensity()).isCloseTo(laterTotal, within(1e-12));
    }
}
