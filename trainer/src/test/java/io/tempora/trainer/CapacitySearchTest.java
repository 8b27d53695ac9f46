package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;

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
                    public TrainingListener started(CapacitySearch.Candidate c, int index) {
                        told.add("start " + index);
                        return TrainingListener.NONE;
                    }

                    @Override
                    public void finished(CapacitySearch.Trial trial) {
                        told.add("end " + trial.candidate().latentDim());
                    }
                });
        assertThat(told).containsExactly("start 0", "end 2", "start 1", "end 3", "start 2", "end 4");
        assertThat(o.trials()).extracting(CapacitySearch.Trial::candidate).isEqualTo(grid);
        double min = o.trials().stream()
                .mapToDouble(t -> t.result().bestValidationNll())
                .min()
                .orElseThrow();
        assertThat(o.best().result().bestValidationNll()).isEqualTo(min);
        assertThat(o.best().model().architecture().latentDim())
                .isEqualTo(o.best().candidate().latentDim());
        for (CapacitySearch.Trial t : o.trials()) {
            assertThat(t.model().architecture().hiddenDim())
                    .isEqualTo(t.candidate().hiddenDim());
        }
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
