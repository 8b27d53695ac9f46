package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Early stopping on an explicit validation dataset, and validation figures independent of the thread count. */
class TrainerValidationTest {

    /** Eight separate Hawkes1 histories of 40 events (another seed than the training data). */
    static Dataset validation() {
        PointProcess p = BenchmarkProcesses.hawkes1().process();
        SplittableRandom rng = new SplittableRandom(91);
        List<EventSequence> seqs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seqs.add(p.simulate(40, rng, "v" + i));
        }
        return Dataset.of(TypeVocabulary.numbered(1), seqs);
    }

    /** The evaluate convention: each sequence's first event conditioned on, the others scored; NLL per event. */
    private static double conditionedNll(EventModel model, Dataset data) {
        StreamingScorer scorer = new StreamingScorer(model, TrainerTest.TIGHT_SOLVER);
        double ll = 0;
        long n = 0;
        for (EventSequence s : data.sequences()) {
            EntityState state = scorer.start(s.time(0), s.type(0));
            for (int i = 1; i < s.size(); i++) {
                ll += scorer.observe(state, s.time(i), s.type(i));
                n++;
            }
        }
        return -ll / n;
    }

    @Test
    void anExplicitValidationSetDrivesEarlyStoppingUnderTheEvaluateConventionAndTheWholeSequencesAreTrainedOn() {
        Dataset data = TrainerTest.hawkes();
        Dataset held = validation();
        EventModel model = EventModel.forDataset(data, 8, 16, 3);
        double untrained = conditionedNll(model, held);
        List<EpochReport> reports = new ArrayList<>();
        TrainingResult r = new Trainer(TrainerTest.small()).train(model, data, held, reports::add);

        assertThat(r.trainEvents()).as("no tail held out").isEqualTo(data.numEvents());
        assertThat(reports.get(0).validationEvents()).isEqualTo(8 * 39);
        assertThat(reports.get(0).validationNll()).isCloseTo(untrained, within(1e-9));
        assertThat(r.bestEpoch()).isPositive();
        assertThat(r.bestValidationNll()).isLessThan(untrained - 0.05);
        // The restored parameters are the best epoch's on the validation set.
        assertThat(conditionedNll(model, held)).isCloseTo(r.bestValidationNll(), within(1e-9));
        assertThat(reports.get(r.bestEpoch()).validationNll()).isEqualTo(r.bestValidationNll());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalValidationFigures() {
        Dataset data = TrainerTest.hawkes();
        Dataset held = validation();
        List<EpochReport> one = new ArrayList<>();
        List<EpochReport> two = new ArrayList<>();
        TrainingConfig cfg = TrainerTest.small().withEpochs(1);
        new Trainer(cfg.withThreads(1)).train(EventModel.forDataset(data, 6, 8, 4), data, one::add);
        new Trainer(cfg.withThreads(2)).train(EventModel.forDataset(data, 6, 8, 4), data, two::add);
        assertThat(two.get(0).validationNll()).isEqualTo(one.get(0).validationNll());
        List<EpochReport> oneHeld = new ArrayList<>();
        List<EpochReport> twoHeld = new ArrayList<>();
        new Trainer(cfg.withThreads(1)).train(EventModel.forDataset(data, 6, 8, 4), data, held, oneHeld::add);
        new Trainer(cfg.withThreads(2)).train(EventModel.forDataset(data, 6, 8, 4), data, held, twoHeld::add);
        assertThat(twoHeld.get(0).validationNll()).isEqualTo(oneHeld.get(0).validationNll());
        // After an epoch the parameters differ by the gradient sums' rounding, so the figures only by that much.
        assertThat(two.get(1).validationNll()).isCloseTo(one.get(1).validationNll(), within(1e-6));
    }

    @Test
    void aValidationSetWithNothingToScoreIsRefusedSayingWhy() {
        Dataset data = TrainerTest.hawkes();
        EventSequence single = validation().sequences().get(0).slice(0, 1);
        Dataset singles = Dataset.of(TypeVocabulary.numbered(1), List.of(single));
        assertThatThrownBy(() -> new Trainer(TrainerTest.small())
                        .train(EventModel.forDataset(data, 6, 8, 4), data, singles, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no event to score")
                .hasMessageContaining("first event is conditioned on");
    }
}
