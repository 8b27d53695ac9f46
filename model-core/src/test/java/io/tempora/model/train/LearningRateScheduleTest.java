package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineRunsFromOneToTheFloorThroughTheMidpoint() {
        LearningRateSchedule c = LearningRateSchedule.COSINE;
        assertThat(c.factor(0)).isEqualTo(1.0);
        assertThat(c.factor(1)).isCloseTo(LearningRateSchedule.FLOOR, within(1e-15));
        assertThat(c.factor(0.5)).isCloseTo((1 + LearningRateSchedule.FLOOR) / 2, within(1e-15));
        assertThat(c.factor(0.25))
                .isCloseTo(
                        LearningRateSchedule.FLOOR + (1 - LearningRateSchedule.FLOOR) * (1 + Math.sqrt(0.5)) / 2,
                        within(1e-15));
        // Past the end (a budget overrun inside the last batch) it stays at the floor.
        assertThat(c.factor(1.7)).isEqualTo(c.factor(1));
        assertThat(c.factor(-0.1)).isEqualTo(1.0);
        for (double p = 0; p < 1; p += 0.01) {
            assertThat(c.factor(p + 0.01)).isLessThan(c.factor(p));
        }
        assertThat(LearningRateSchedule.CONSTANT.factor(0.9)).isEqualTo(1.0);
    }

    @Test
    void withoutABudgetTheCosineFollowsTheEpochsAndEndsNearTheFloor() {
        Dataset data = TrainerTest.hawkes();
        TrainingConfig cfg =
                TrainerTest.small().withEpochs(3).withLearningRateDecay(1).withSchedule(LearningRateSchedule.COSINE);
        List<EpochReport> reports = new ArrayList<>();
        new Trainer(cfg).train(EventModel.forDataset(data, 6, 8, 4), data, reports::add);
        // Each report carries the rate of its epoch's last batch: progress (e - 1 + (B-1)/B) / 3.
        int lastEpoch = reports.get(reports.size() - 1).epoch();
        assertThat(lastEpoch).isEqualTo(3);
        double previous = Double.POSITIVE_INFINITY;
        for (EpochReport r : reports.subList(1, reports.size())) {
            assertThat(r.learningRate()).isLessThan(previous);
            previous = r.learningRate();
        }
        assertThat(previous)
                .isLessThan(0.05 * cfg.learningRate() + 0.02 * cfg.learningRate())
                .isGreaterThanOrEqualTo(LearningRateSchedule.FLOOR * cfg.learningRate());
    }
}
