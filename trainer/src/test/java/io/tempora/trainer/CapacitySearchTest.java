package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.train.TrainingListener;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {

    private static Dataset simulated(int sequences, int events, long seed) {
        PointProcess p = BenchmarkProcesses.hawkes1().process();
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> seqs = new ArrayList<>();
        for (int i = 0; i < sequences; i++) {
            seqs.add(p.simulate(events, rng.split(), "entity-" + i));
        }
        return Dataset.of(TypeVocabulary.numbered(1), seqs);
    }

    @Test
    void everyCandidateIsFittedInTurnAndTheBestByValidationNllIsKept() {
        Dataset data = simulated(40, 6, 1);
        Dataset validation = simulated(10, 6, 2);
        FitDefaults.Plan plan = FitDefaults.plan(data, validation, 2, 1);
        List<CapacitySearch.Candidate> grid = List.of(
                new CapacitySearch.Candidate(2, 4, 0),
                new CapacitySearch.Candidate(3, 4, 0.1),
                new CapacitySearch.Candidate(4, 6, 0));
        List<String> told = new ArrayList<>();
        CapacitySearch.Outcome o =
                CapacitySearch.search(data, plan, grid, Double.POSITIVE_INFINITY, 1, new CapacitySearch.Progress() {
                    @Override
                    public TrainingListener started(CapacitySearch.Candidate c, int index, double seconds) {
                        told.add("start " + index + " within " + seconds);
                        return TrainingListener.NONE;
                    }

                    @Override
                    public void finished(CapacitySearch.Trial trial) {
                        told.add("end " + trial.candidate().latentDim());
                    }
                });
        assertThat(told)
                .containsExactly(
                        "start 0 within Infinity",
                        "end 2",
                        "start 1 within Infinity",
                        "end 3",
                        "start 2 within Infinity",
                        "end 4");
        assertThat(o.trials()).extracting(CapacitySearch.Trial::candidate).isEqualTo(grid);
        double min = o.trials().stream()
                .mapToDouble(CapacitySearch.Trial::validationNll)
                .min()
                .orElseThrow();
        assertThat(o.lowest().validationNll()).isEqualTo(min);
        assertThat(o.best().model().architecture().latentDim())
                .isEqualTo(o.best().candidate().latentDim());
        for (CapacitySearch.Trial t : o.trials()) {
            assertThat(t.model().architecture().hiddenDim())
                    .isEqualTo(t.candidate().hiddenDim());
            // The per-event figures the choice reads are the trainer's validation NLL, event by event.
            assertThat(t.validation()).hasSize(10 * 5);
            assertThat(t.validationNll()).isCloseTo(t.result().bestValidationNll(), within(1e-9));
        }
    }

    private static CapacitySearch.Trial trial(int dim, double... validation) {
        return new CapacitySearch.Trial(new CapacitySearch.Candidate(dim, dim, 0), null, null, validation);
    }

    @Test
    void theSimplestCandidateWithinOneStandardErrorOfTheLowestIsKept() {
        // The simplest is worse by 0.5 per event, every event: far outside its (zero) standard error.
        CapacitySearch.Trial simple = trial(1, -2.5, -1.5, -3.5, -2.5);
        // The second is worse by 0.1 on average, the differences 0.4, -0.2, 0.2, 0: standard error 0.129.
        CapacitySearch.Trial middle = trial(2, -2.4, -0.8, -3.2, -2.0);
        CapacitySearch.Trial lowest = trial(3, -2.0, -1.0, -3.0, -2.0);
        CapacitySearch.Outcome o = CapacitySearch.choose(List.of(simple, middle, lowest));
        assertThat(o.lowest()).isSameAs(lowest);
        assertThat(o.best()).isSameAs(middle);
        double se = Math.sqrt((0.09 + 0.09 + 0.01 + 0.01) / 3 / 4);
        assertThat(o.standardError()).isCloseTo(se, within(1e-12));
        // Worse by more than its standard error: the lowest itself is kept.
        CapacitySearch.Trial far = trial(2, -2.8, -1.2, -3.6, -2.4);
        assertThat(CapacitySearch.choose(List.of(simple, far, lowest)).best()).isSameAs(lowest);
    }

    @Test
    void aBudgetIsSharedAmongTheCandidatesLeft() {
        assertThat(CapacitySearch.share(60, 4)).isEqualTo(15);
        // A candidate that stopped early after 5 of its 15 s leaves 55 s to the three after it.
        assertThat(CapacitySearch.share(55, 3)).isEqualTo(55.0 / 3);
        assertThat(CapacitySearch.share(-1, 2)).isZero();
        assertThat(CapacitySearch.share(Double.POSITIVE_INFINITY, 2)).isInfinite();
    }

    @Test
    void onlySmallDataIsSearched() {
        assertThat(CapacitySearch.applies(simulated(100, 5, 1))).isTrue();
        assertThat(CapacitySearch.applies(simulated(5, 4000, 1))).isFalse();
    }
}
