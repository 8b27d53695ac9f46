package io.tempora.nd4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.WindowExecutor;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The trainer driving {@link BatchedWindows} computes what it computes with the plain executor: with a
 * learning rate too small to move the parameters, an epoch's training NLL (every mini-batch's windows,
 * each started from the state its stream's previous window ended in) and the validation NLL agree to the
 * solver's tolerance.
 */
class BatchedWindowsTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-10, 1e-12));
    /** Adam moves each parameter by about the learning rate per step: far below the tolerances compared. */
    private static final double NEGLIGIBLE_LEARNING_RATE = 1e-14;

    @Test
    void trainerAgreesWithThePlainExecutor() {
        PointProcess p = BenchmarkProcesses.hawkes1().process();
        SplittableRandom rng = new SplittableRandom(23);
        List<EventSequence> seqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seqs.add(p.simulate(60, rng, "e" + i));
        }
        Dataset data = Dataset.of(TypeVocabulary.numbered(1), seqs);
        TrainingConfig config = TrainingConfig.defaults()
                .withEpochs(1)
                .withBatch(3, 12)
                .withSolver(TIGHT)
                .withLearningRate(NEGLIGIBLE_LEARNING_RATE)
                .withValidation(0.2, 1);

        List<EpochReport> plain = new ArrayList<>();
        new Trainer(config.withExecutor(WindowExecutor.PLAIN))
                .train(EventModel.forDataset(data, 4, 8, 3), data, plain::add);
        List<EpochReport> batched = new ArrayList<>();
        new Trainer(config.withExecutor(BatchedWindows::new))
                .train(EventModel.forDataset(data, 4, 8, 3), data, batched::add);

        assertThat(batched).hasSize(2);
        assertThat(batched.get(1).trainNll()).isCloseTo(plain.get(1).trainNll(), within(1e-8));
        assertThat(batched.get(1).validationNll()).isCloseTo(plain.get(1).validationNll(), within(1e-8));
        assertThat(batched.get(1).forwardEvaluationsPerEvent()).isPositive();
        assertThat(batched.get(1).backwardEvaluationsPerEvent()).isPositive();
    }
}
