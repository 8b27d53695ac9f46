package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unseen-type event on a model whose intensity changes with its state: it leaves the model's state alone and
 * adds exactly its own terms, so inserting it between two seen events changes the total log-likelihood by
 * {@code log λ(u) + log ε} (the compensator over the split gap is the same integral, counted once).
 */
class EvaluatorUnseenTypesTest {

    /** The gap from 2.5 s to 4 s is solved in one piece or in two: the segment solver's tolerance, not rounding. */
    private static final double SOLVER_TOLERANCE = 1e-5;

    @Test
    void anUnseenEventBetweenTwoSeenOnesAddsItsIntensityAndEpsilonAndNothingElse() {
        ModelArchitecture arch = new ModelArchitecture(4, 8, ModelArchitecture.DEFAULT_EMBEDDING_DIM, 2, 0);
        EventModel model =
                EventModel.create(arch, 500, TypeVocabulary.of("a", "b"), FeatureStatistics.NONE, "random", 3);
        Dataset without = Dataset.of(
                TypeVocabulary.of("a", "b"),
                List.of(EventSequence.of("u", new double[] {1_000, 2_500, 4_000}, new int[] {0, 1, 0})));
        double unseenAt = 3_100;
        Dataset with = Dataset.of(
                TypeVocabulary.of("a", "b", "new"),
                List.of(EventSequence.of("u", new double[] {1_000, 2_500, unseenAt, 4_000}, new int[] {0, 1, 2, 0})));
        double epsilon = 0.02;

        Evaluation e0 = Evaluator.evaluate(model, without, Evaluator.MILLIS_PER_SECOND, epsilon);
        Evaluation e1 = Evaluator.evaluate(model, with, Evaluator.MILLIS_PER_SECOND, epsilon);

        StreamingScorer scorer = new StreamingScorer(model);
        EntityState state = scorer.start(1_000, 0);
        scorer.observe(state, 2_500, 1);
        double lambdaPerMilli = scorer.typeProbabilities(state, unseenAt, new double[2]);
        double logLambdaPerSecond = Math.log(lambdaPerMilli * Evaluator.MILLIS_PER_SECOND);

        assertThat(e1.unseenTypeEvents()).isEqualTo(1);
        assertThat(e1.events()).isEqualTo(e0.events() + 1);
        double timeDifference = -e1.nllTimePerEvent() * e1.events() + e0.nllTimePerEvent() * e0.events();
        double typeDifference = -e1.nllTypePerEvent() * e1.events() + e0.nllTypePerEvent() * e0.events();
        assertThat(timeDifference).isCloseTo(logLambdaPerSecond, within(SOLVER_TOLERANCE));
        // The seen event after it reads its type shares from a state solved in two pieces: solver tolerance too.
        assertThat(typeDifference).isCloseTo(Math.log(epsilon), within(SOLVER_TOLERANCE));
        // The intensity does change with the state here: the test is not the constant case again.
        EntityState fresh = scorer.start(1_000, 0);
        double atStart = scorer.typeProbabilities(fresh, 1_000, new double[2]);
        assertThat(Math.abs(lambdaPerMilli / atStart - 1)).isGreaterThan(1e-3);
    }
}
