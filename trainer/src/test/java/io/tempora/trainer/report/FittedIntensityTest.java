package io.tempora.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.trainer.ConstantIntensityModels;
import io.tempora.trainer.Evaluator;
import org.junit.jupiter.api.Test;

/**
 * The fitted intensity against a closed form: a model whose every intensity is a constant (all parameters zero but
 * the intensity biases: {@code h} stays 0 through the dynamics and the jumps, so {@code λ_k = softplus(b_k)} per
 * model unit), read on a grid that crosses events, a tie among them.
 */
class FittedIntensityTest {

    /** Data units per model unit: not one second, so that the conversion to per-second is exercised. */
    private static final double TIME_UNIT_MS = 250;

    private static final double[] RATES_PER_SECOND = {0.5, 1.5, 0.25};

    /** The solver integrates the constant field exactly; what is left is rounding in softplus and its inverse. */
    private static final double TOLERANCE = 1e-12;

    private static EventModel constantModel() {
        return ConstantIntensityModels.of(TIME_UNIT_MS, TypeVocabulary.of("a", "b", "c"), RATES_PER_SECOND);
    }

    @Test
    void aConstantIntensityModelGivesItsRatesPerSecondAtEveryPoint() {
        EventSequence s =
                EventSequence.of("u", new double[] {1_000, 1_500, 4_000, 4_000, 7_250}, new int[] {0, 1, 0, 2, 1});
        IntensityGrid grid = IntensityGrid.along(s, 10, 8);

        IntensitySeries fitted = FittedIntensity.along(constantModel(), s, grid, Evaluator.MILLIS_PER_SECOND, true);

        double total = RATES_PER_SECOND[0] + RATES_PER_SECOND[1] + RATES_PER_SECOND[2];
        assertThat(grid.size()).isGreaterThan(20);
        for (int p = 0; p < grid.size(); p++) {
            assertThat(fitted.total()[p]).as("total at point %d", p).isCloseTo(total, within(TOLERANCE));
            for (int k = 0; k < RATES_PER_SECOND.length; k++) {
                assertThat(fitted.byType()[k][p])
                        .as("type %d at point %d", k, p)
                        .isCloseTo(RATES_PER_SECOND[k], within(TOLERANCE));
            }
        }
    }

    @Test
    void aVaryingIntensityIsTheOneAFreshStateThatObservedTheSameEventsPredicts() {
        // A model with random dynamics, so the intensity changes between and at events; the reference replays the
        // events observed at each point on a fresh state and reads PredictionBuffer's intensity there.
        ModelArchitecture arch = new ModelArchitecture(3, 5, ModelArchitecture.DEFAULT_EMBEDDING_DIM, 2, 0);
        EventModel model =
                EventModel.create(arch, TIME_UNIT_MS, TypeVocabulary.of("a", "b"), FeatureStatistics.NONE, "r", 11);
        EventSequence s = EventSequence.of("u", new double[] {0, 300, 1_700, 1_800, 4_000}, new int[] {0, 1, 1, 0, 1});
        IntensityGrid grid = IntensityGrid.along(s, 10, 5);

        IntensitySeries fitted = FittedIntensity.along(model, s, grid, Evaluator.MILLIS_PER_SECOND, true);

        StreamingScorer scorer = new StreamingScorer(model);
        PredictionBuffer buffer = scorer.newPredictionBuffer(1);
        double[] horizon = {TIME_UNIT_MS};
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int p = 0; p < grid.size(); p++) {
            EntityState state = scorer.start(s.time(0), s.type(0));
            for (int i = 1; i < grid.observed()[p]; i++) {
                scorer.observe(state, s.time(i), s.type(i));
            }
            scorer.predict(state, grid.times()[p], horizon, buffer);
            double expected = buffer.totalIntensity() * Evaluator.MILLIS_PER_SECOND;
            assertThat(fitted.total()[p]).as("total at point %d", p).isCloseTo(expected, within(1e-9 * expected));
            for (int k = 0; k < 2; k++) {
                double expectedK = buffer.intensity(k) * Evaluator.MILLIS_PER_SECOND;
                assertThat(fitted.byType()[k][p]).isCloseTo(expectedK, within(1e-9 * expectedK));
            }
            min = Math.min(min, expected);
            max = Math.max(max, expected);
        }
        assertThat(max / min)
                .as("the intensity varies, so the points are told apart")
                .isGreaterThan(1.01);
    }

    @Test
    void withoutTypesOnlyTheTotalIsKept() {
        EventSequence s = EventSequence.of("u", new double[] {0, 2_000}, new int[] {1, 0});

        IntensitySeries fitted = FittedIntensity.along(
                constantModel(), s, IntensityGrid.along(s, 10, 4), Evaluator.MILLIS_PER_SECOND, false);

        assertThat(fitted.byType()).isNull();
        assertThat(fitted.total()).hasSize(6); // 0⁺, three inside, 2000⁻, 2000⁺
    }
}
