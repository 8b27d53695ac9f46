package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The likelihood convention against a hand computation: a model whose every intensity is a constant. With all
 * parameters zero but the intensity biases, {@code h} starts at {@code h0 = 0}, the dynamics {@code MLP(0) − γ·0}
 * are 0, and the jump (a GRU with zero weights) maps 0 to 0, so {@code λ_k = softplus(b_k)} per model unit forever.
 */
class EvaluatorClosedFormTest {

    /** Data units per model unit: not one second, so that the conversion to seconds is exercised. */
    private static final double TIME_UNIT_MS = 250;

    /** The intensities, events per second. */
    private static final double[] RATES_PER_SECOND = {0.5, 1.5, 0.25};

    /**
     * The solver integrates a constant exactly, but its error control and step arithmetic round; the figures are
     * sums of a few dozen terms of order one, so 1e-9 absolute is loose for rounding and tight for any convention
     * slip (a missing log(1000) is 6.9 nats, a skipped or extra segment at least 0.25 nats).
     */
    private static final double TOLERANCE = 1e-9;

    /** The prediction solve runs at the scorer's looser prediction tolerance. */
    private static final double PREDICTION_TOLERANCE = 1e-6;

    private static EventModel constantModel() {
        return ConstantIntensityModels.of(TIME_UNIT_MS, TypeVocabulary.of("a", "b", "c"), RATES_PER_SECOND);
    }

    @Test
    void constantIntensitiesScoreExactlyTheHandComputedLikelihood() {
        // Times in milliseconds, as EventCsvReader gives them; a tie and a lone event included.
        EventSequence first =
                EventSequence.of("u1", new double[] {1_000, 1_500, 4_000, 4_000, 7_250}, new int[] {0, 1, 0, 2, 1});
        EventSequence second =
                EventSequence.of("u2", new double[] {1_706_702_400_000.0, 1_706_702_403_125.0}, new int[] {2, 0});
        EventSequence lone = EventSequence.of("u3", new double[] {5_000}, new int[] {1});
        Dataset data = Dataset.of(TypeVocabulary.of("a", "b", "c"), List.of(first, second, lone));

        Evaluation e = Evaluator.evaluate(constantModel(), data, Evaluator.MILLIS_PER_SECOND);

        double total = RATES_PER_SECOND[0] + RATES_PER_SECOND[1] + RATES_PER_SECOND[2];
        // Scored: u1's events 2..5 (types b, a, c, b) and u2's second (type a); u1's first, u2's first and u3 not.
        int[] scoredTypes = {1, 0, 2, 1, 0};
        double sumLogRates = 0;
        double sumLogShares = 0;
        for (int type : scoredTypes) {
            sumLogRates += Math.log(RATES_PER_SECOND[type]);
            sumLogShares += Math.log(RATES_PER_SECOND[type] / total);
        }
        double exposure = (7.250 - 1.000) + 3.125; // seconds from each sequence's first event to its last
        int n = scoredTypes.length;
        double expectedNll = -(sumLogRates - total * exposure) / n;
        double expectedType = -sumLogShares / n;
        double expectedTime = -(n * Math.log(total) - total * exposure) / n;

        assertThat(e.events()).isEqualTo(n);
        assertThat(e.sequences()).isEqualTo(3);
        assertThat(e.nllPerEvent()).isCloseTo(expectedNll, within(TOLERANCE));
        assertThat(e.nllTypePerEvent()).isCloseTo(expectedType, within(TOLERANCE));
        assertThat(e.nllTimePerEvent()).isCloseTo(expectedTime, within(TOLERANCE));
        assertThat(e.nllTimePerEvent() + e.nllTypePerEvent()).isCloseTo(e.nllPerEvent(), within(TOLERANCE));
        // Every event's most probable type is b (rate 1.5): right for the two b events of five.
        assertThat(e.typeAccuracy()).isCloseTo(2.0 / 5, within(1e-15));
        // Calibration at Δ = the time unit, 0.25 s: every prediction is 1 − exp(−λΔ), one bin; of the five gaps only
        // the tie (0 s) is within Δ.
        double pWithin = 1 - Math.exp(-total * TIME_UNIT_MS / Evaluator.MILLIS_PER_SECOND);
        assertThat(e.ece()).isCloseTo(Math.abs(n * pWithin - 1) / n, within(PREDICTION_TOLERANCE));
    }

    @Test
    void typesNotSeenInTrainingScoreTheTotalIntensityAndEpsilonEachStretchIntegratedOnce() {
        // Ids 0..2 are the model's types, 3 a type not seen in training (as CsvInputs.readForModel appends it).
        TypeVocabulary types = TypeVocabulary.of("a", "b", "c", "new");
        EventSequence mixed =
                EventSequence.of("u1", new double[] {1_000, 2_000, 3_500, 4_000, 6_000}, new int[] {0, 3, 1, 3, 2});
        EventSequence startsUnseen = EventSequence.of("u2", new double[] {0, 1_000}, new int[] {3, 0});
        Dataset data = Dataset.of(types, List.of(mixed, startsUnseen));
        double epsilon = 0.01;

        Evaluation e = Evaluator.evaluate(constantModel(), data, Evaluator.MILLIS_PER_SECOND, epsilon);

        double total = RATES_PER_SECOND[0] + RATES_PER_SECOND[1] + RATES_PER_SECOND[2];
        int n = 5; // u1's last four, u2's second
        double exposure = 5 + 1;
        double expectedTime = -(n * Math.log(total) - total * exposure) / n;
        double expectedType = -(2 * Math.log(epsilon)
                        + Math.log(RATES_PER_SECOND[1] / total)
                        + Math.log(RATES_PER_SECOND[2] / total)
                        + Math.log(RATES_PER_SECOND[0] / total))
                / n;
        assertThat(e.events()).isEqualTo(n);
        assertThat(e.unseenTypeEvents()).isEqualTo(2);
        assertThat(e.nllTimePerEvent()).isCloseTo(expectedTime, within(TOLERANCE));
        assertThat(e.nllTypePerEvent()).isCloseTo(expectedType, within(TOLERANCE));
        assertThat(e.nllPerEvent()).isCloseTo(expectedTime + expectedType, within(TOLERANCE));
        // b is always the most probable type: right for u1's b alone; the unseen events are misses.
        assertThat(e.typeAccuracy()).isCloseTo(1.0 / n, within(1e-15));
        assertThat(e.toJson()).contains("\"unseen_type_events\":2", "\"unseen_type_probability\":0.01}");

        // Without the training counts, ε = 1 / (K + 1).
        Evaluation withoutCounts = Evaluator.evaluate(constantModel(), data, Evaluator.MILLIS_PER_SECOND);
        assertThat(withoutCounts.nllTypePerEvent() - e.nllTypePerEvent())
                .isCloseTo(-2 * (Math.log(0.25) - Math.log(epsilon)) / n, within(TOLERANCE));
    }

    @Test
    void aModelOfOneTypeHasNoTypePartAndNoTypeAccuracy() {
        int rateIndex = 0;
        ModelArchitecture arch = new ModelArchitecture(2, 3, ModelArchitecture.DEFAULT_EMBEDDING_DIM, 1, 0);
        EventModel model =
                EventModel.zeros(arch, TIME_UNIT_MS, TypeVocabulary.of("only"), FeatureStatistics.NONE, "constant");
        double rate = RATES_PER_SECOND[rateIndex];
        model.parameters()
                .update(v -> v[model.intensity().bias().offset()] =
                        EventModel.inverseSoftplus(rate * TIME_UNIT_MS / Evaluator.MILLIS_PER_SECOND));
        Dataset data = Dataset.of(TypeVocabulary.of("only"), List.of(EventSequence.ofTimes("u", 0, 2_000, 2_500)));

        Evaluation e = Evaluator.evaluate(model, data, Evaluator.MILLIS_PER_SECOND);

        assertThat(e.nllPerEvent()).isCloseTo(-(2 * Math.log(rate) - rate * 2.5) / 2, within(TOLERANCE));
        assertThat(e.nllTypePerEvent()).isZero();
        assertThat(e.typeAccuracy()).isNull();
        // Neither gap (2 s, 0.5 s) is within Δ = 0.25 s.
        assertThat(e.ece())
                .isCloseTo(
                        1 - Math.exp(-rate * TIME_UNIT_MS / Evaluator.MILLIS_PER_SECOND), within(PREDICTION_TOLERANCE));
        assertThat(e.toJson()).contains("\"type_accuracy\":null", "\"events\":2", "\"nll_type_per_event\":0.000000");
    }
}
