package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.train.TrainingConfig;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FitDefaultsTest {

    private static Dataset simulated(int sequences, int events) {
        PointProcess p = BenchmarkProcesses.hawkes1().process();
        SplittableRandom rng = new SplittableRandom(5);
        List<EventSequence> seqs = new ArrayList<>();
        for (int i = 0; i < sequences; i++) {
            seqs.add(p.simulate(events, rng.split(), "entity-" + i));
        }
        return Dataset.of(TypeVocabulary.numbered(1), seqs);
    }

    @Test
    void longHistoriesTrainWithTheLibraryDefaultsAndEarlyStopOnTheirTails() {
        Dataset data = simulated(4, 2000);
        FitDefaults.Plan plan = FitDefaults.plan(data, null, null, 3);
        TrainingConfig d = TrainingConfig.defaults();
        // 4 × ceil(1800 / 32) = 228 windows, 29 batches of 8: 1500 steps need 52 epochs; patience 150 steps, 6 epochs.
        assertThat(plan.config()).isEqualTo(d.withSeed(3).withEpochs(52).withValidation(d.validationFraction(), 6));
        assertThat(plan.train()).isSameAs(data);
        assertThat(plan.validation()).isNull();
        assertThat(plan.choices()).anyMatch(c -> c.contains("last 10% of each training sequence"));
    }

    @Test
    void shortHistoriesEarlyStopOnSequencesHeldOutWholeAndBatchManyWindows() {
        Dataset data = simulated(600, 5);
        FitDefaults.Plan plan = FitDefaults.plan(data, null, null, 3);
        assertThat(plan.validation().sequences()).hasSize(60);
        assertThat(plan.train().sequences()).hasSize(540);
        Set<String> held = new HashSet<>();
        plan.validation().sequences().forEach(s -> held.add(s.entityId()));
        assertThat(plan.train().sequences()).noneMatch(s -> held.contains(s.entityId()));
        // Windows of 5 events: 256 / 5 ≈ 51 per batch, 11 batches per epoch over the 540 sequences.
        assertThat(plan.config().windowsPerBatch()).isEqualTo(51);
        assertThat(plan.config().epochs()).isEqualTo(137);
        assertThat(plan.config().patience()).isEqualTo(14);
        assertThat(plan.choices()).anyMatch(c -> c.contains("60 of the 600 training sequences held out whole"));
        // The same seed, the same split.
        assertThat(FitDefaults.plan(data, null, null, 3).validation()).isEqualTo(plan.validation());
    }

    @Test
    void aGivenValidationFileAndEpochCountAreUsedAsGiven() {
        Dataset data = simulated(600, 5);
        Dataset validation = simulated(20, 5);
        FitDefaults.Plan plan = FitDefaults.plan(data, validation, 7, 3);
        assertThat(plan.validation()).isSameAs(validation);
        assertThat(plan.train()).isSameAs(data);
        assertThat(plan.config().epochs()).isEqualTo(7);
        assertThat(plan.choices()).anyMatch(c -> c.contains("--validation file"));
    }

    @Test
    void aFewShortSequencesKeepTheirTailsRatherThanLoseWholeOnes() {
        Dataset data = simulated(6, 5);
        FitDefaults.Plan plan = FitDefaults.plan(data, null, null, 3);
        assertThat(plan.validation()).isNull();
        assertThat(plan.train()).isSameAs(data);
    }
}
