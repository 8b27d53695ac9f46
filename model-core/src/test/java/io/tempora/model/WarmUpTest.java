package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A scorer's one-time work is done by warmUp, so the first prediction after it does none. */
class WarmUpTest {

    @Test
    void afterWarmUpTheFirstPredictionComputesNoFixedPoint() {
        EventModel m = StreamingDefaultsTest.lively();
        StreamingScorer scorer = new StreamingScorer(m);
        assertThat(scorer.fixedPoint().computations())
                .as("building the scorer does not find the point")
                .isZero();
        assertThat(scorer.fixedPoint().current()).isFalse();
        assertThat(scorer.warmUp()).as("the model has a fixed point").isTrue();
        assertThat(scorer.fixedPoint().current()).isTrue();
        assertThat(scorer.fixedPoint().linearised())
                .as("the linearisation is ready too")
                .isTrue();
        assertThat(scorer.fixedPoint().computations()).isEqualTo(1);
        assertThat(scorer.firstStep())
                .as("the calibration is done at construction")
                .isFinite()
                .isPositive();

        EntityState s = scorer.start(0, 1);
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        scorer.predict(s, 0, new double[] {1, 10, 100}, p);
        assertThat(scorer.fixedPoint().computations())
                .as("the first prediction redid no one-time work")
                .isEqualTo(1);
        assertThat(scorer.tracker().stopped()).as("and used the warmed-up tail").isTrue();
        scorer.warmUp();
        assertThat(scorer.fixedPoint().computations())
                .as("a second warm-up under the same parameters")
                .isEqualTo(1);
    }

    @Test
    void withoutWarmUpTheFirstPredictionDoesTheWorkAndAParameterChangeRedoesIt() {
        EventModel m = StreamingDefaultsTest.lively();
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.start(0, 1);
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        scorer.predict(s, 0, new double[] {1, 10, 100}, p);
        assertThat(scorer.fixedPoint().computations()).isEqualTo(1);
        m.parameters().update(values -> {});
        assertThat(scorer.fixedPoint().current())
                .as("new parameters need a new point")
                .isFalse();
        scorer.warmUp();
        assertThat(scorer.fixedPoint().computations()).isEqualTo(2);
        scorer.predict(s, 0, new double[] {1, 10, 100}, p);
        assertThat(scorer.fixedPoint().computations()).isEqualTo(2);
    }
}
