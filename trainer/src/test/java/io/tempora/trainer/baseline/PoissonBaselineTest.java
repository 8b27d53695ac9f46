package io.tempora.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoissonBaselineTest {

    private static final double MILLIS_PER_SECOND = 1000;

    /** Sums of a few terms of order one: rounding only. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void theRateIsScoredEventsOverExposureAndMaximisesTheLikelihood() {
        Histories h = Histories.ofSeconds(new double[] {0, 1, 1, 4}, new double[] {0, 2.5}, new double[] {0});

        PoissonBaseline p = PoissonBaseline.fit(h);

        assertThat(h.scoredEvents()).isEqualTo(4);
        assertThat(h.exposure()).isEqualTo(6.5);
        assertThat(p.ratePerSecond()).isCloseTo(4 / 6.5, within(TOLERANCE));
        double best = p.logLikelihood(h);
        assertThat(best).isCloseTo(4 * Math.log(4 / 6.5) - 4, within(TOLERANCE));
        assertThat(new PoissonBaseline(p.ratePerSecond() * 1.01).logLikelihood(h))
                .isLessThan(best);
        assertThat(new PoissonBaseline(p.ratePerSecond() * 0.99).logLikelihood(h))
                .isLessThan(best);
    }

    @Test
    void dataWithoutARateIsRefusedSayingWhy() {
        assertThatThrownBy(() -> PoissonBaseline.fit(Histories.ofSeconds(new double[] {0}, new double[] {0})))
                .hasMessageContaining("0 scored events");
        assertThatThrownBy(() -> PoissonBaseline.fit(Histories.ofSeconds(new double[] {0, 0, 0})))
                .hasMessageContaining("2 scored events over 0.0 s");
    }

    @Test
    void baselineFiguresFollowTheConventionInClosedFormWithSmoothedSharesAndUnseenTypes() {
        TypeVocabulary types = TypeVocabulary.of("a", "b");
        // Milliseconds, epoch-sized in one sequence. Scored: a, b, a (u) and b (v): n = 4, n_a = n_b = 2.
        Dataset train = Dataset.of(
                types,
                List.of(
                        EventSequence.of("u", new double[] {1_000, 2_000, 2_000, 5_000}, new int[] {1, 0, 1, 0}),
                        EventSequence.of(
                                "v", new double[] {1_706_702_400_000.0, 1_706_702_402_500.0}, new int[] {0, 1})));
        Baselines b = Baselines.fit(train, MILLIS_PER_SECOND);
        double rate = 4 / 6.5;
        double pA = (2 + 1) / (4 + 2.0);
        double epsilon = 1 / (4 + 2 + 1.0);
        assertThat(b.poissonRatePerSecond()).isCloseTo(rate, within(TOLERANCE));
        assertThat(b.unseenTypeProbability()).isCloseTo(epsilon, within(TOLERANCE));

        BaselineScore onTrain = b.score(train, MILLIS_PER_SECOND).get(Baselines.POISSON);
        assertThat(onTrain.nllTimePerEvent()).isCloseTo(-(4 * Math.log(rate) - rate * 6.5) / 4, within(TOLERANCE));
        assertThat(onTrain.nllTypePerEvent()).isCloseTo(-Math.log(pA), within(TOLERANCE));

        // A file with its own vocabulary: "c" was not seen in training, "b" is matched by name.
        Dataset test = Dataset.of(
                TypeVocabulary.of("b", "c"),
                List.of(EventSequence.of("w", new double[] {0, 500, 3_000}, new int[] {1, 1, 0})));
        Map<String, BaselineScore> scores = b.score(test, MILLIS_PER_SECOND);
        BaselineScore poisson = scores.get(Baselines.POISSON);
        assertThat(poisson.events()).isEqualTo(2);
        assertThat(poisson.unseenTypeEvents()).isEqualTo(1);
        assertThat(poisson.nllTimePerEvent()).isCloseTo(-(2 * Math.log(rate) - rate * 3) / 2, within(TOLERANCE));
        assertThat(poisson.nllTypePerEvent()).isCloseTo(-(Math.log(epsilon) + Math.log(pA)) / 2, within(TOLERANCE));
        assertThat(poisson.nllPerEvent())
                .isCloseTo(poisson.nllTimePerEvent() + poisson.nllTypePerEvent(), within(TOLERANCE));
        assertThat(scores.get(Baselines.HAWKES).nllTypePerEvent()).isEqualTo(poisson.nllTypePerEvent());
    }
}
