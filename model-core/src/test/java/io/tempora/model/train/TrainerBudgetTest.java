package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The time budget on a deterministic clock: every reading advances it by {@link #TICK} (the validation passes read
 * it once per event) and every mini-batch by {@link #BATCH}, so the run's course is a function of the work done.
 */
class TrainerBudgetTest {

    /** Clock advance per reading, ns. */
    private static final long TICK = 100_000;

    /** Clock advance per mini-batch gradient, ns. */
    private static final long BATCH = 100_000_000;

    private static final double NANOS_PER_SECOND = 1e9;

    /** Clock readings the trainer makes between a pass reaching its deadline and returning. */
    private static final int BOOKKEEPING_READINGS = 20;

    /** The clock and a plain executor that advances it by {@link #BATCH} per mini-batch. */
    private static final class FakeTime {
        final AtomicLong nanos = new AtomicLong();
        final List<Long> batchEvents = new ArrayList<>();
        int batches;

        long read() {
            return nanos.addAndGet(TICK);
        }

        TrainingConfig config(double budgetSeconds) {
            return TrainerTest.small()
                    .withEpochs(10)
                    .withTimeBudget(budgetSeconds)
                    .withExecutor((model, c) -> {
                        WindowExecutor plain = WindowExecutor.PLAIN.create(model, c);
                        return new WindowExecutor() {
                            @Override
                            public double gradient(WindowBatch batch, double[] grad) {
                                nanos.addAndGet(BATCH);
                                batches++;
                                batchEvents.add(batch.events());
                                return plain.gradient(batch, grad);
                            }

                            @Override
                            public long forwardEvaluations() {
                                return plain.forwardEvaluations();
                            }

                            @Override
                            public long backwardEvaluations() {
                                return plain.backwardEvaluations();
                            }

                            @Override
                            public void close() {
                                plain.close();
                            }
                        };
                    });
        }
    }

    @Test
    void anInitialValidationPassLongerThanTheBudgetIsCutAndReportedPartialAndNothingIsTrained() {
        Dataset data = TrainerTest.hawkes();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        double[] before = model.parameters().copyValues();
        FakeTime time = new FakeTime();
        List<EpochReport> reports = new ArrayList<>();
        // The held-out tails (360 events) follow 1440 filtered events: at 0.1 ms per event the pass needs 0.18 s.
        TrainingResult r = new Trainer(time.config(0.05), time::read).train(model, data, reports::add);

        assertThat(reports).hasSize(1);
        EpochReport initial = reports.get(0);
        assertThat(initial.validationPartial()).isTrue();
        assertThat(initial.validationEvents()).isLessThan(360);
        assertThat(time.batches).isZero();
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.bestValidationNll()).as("no complete validation figure").isNaN();
        assertThat(model.parameters().values()).isEqualTo(before);
        // Past the deadline only the bookkeeping's few clock readings remain.
        assertThat(r.seconds()).isLessThanOrEqualTo(0.05 + BOOKKEEPING_READINGS * TICK / NANOS_PER_SECOND);
    }

    @Test
    void noBatchStartsWhenTheTimeLeftCannotAlsoCoverTheValidationPassAfterIt() {
        Dataset data = TrainerTest.hawkes();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        FakeTime time = new FakeTime();
        List<EpochReport> reports = new ArrayList<>();
        // The initial pass (about 0.18 s) fits in 0.25 s, but a batch and another pass do not.
        TrainingResult r = new Trainer(time.config(0.25), time::read).train(model, data, reports::add);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).validationPartial()).isFalse();
        assertThat(reports.get(0).validationEvents()).isEqualTo(360);
        assertThat(time.batches).isZero();
        assertThat(r.bestValidationNll()).isEqualTo(reports.get(0).validationNll());
        assertThat(r.seconds()).isLessThan(0.25);
    }

    @Test
    void theWholeFitEndsWithinTheBudgetOnACutEpochThatReportsItsEventsPerSecondAndACompleteValidation() {
        Dataset data = TrainerTest.hawkes();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        FakeTime time = new FakeTime();
        List<EpochReport> reports = new ArrayList<>();
        double budget = 2.0;
        List<Integer> batchesAtReport = new ArrayList<>();
        TrainingResult r = new Trainer(time.config(budget), time::read).train(model, data, report -> {
            reports.add(report);
            batchesAtReport.add(time.batches);
        });

        assertThat(r.seconds()).isLessThanOrEqualTo(budget);
        EpochReport last = reports.get(reports.size() - 1);
        assertThat(last.epoch()).isPositive();
        assertThat(last.cut()).isTrue();
        assertThat(last.validationPartial())
                .as("the pass after the cut was reserved for")
                .isFalse();
        assertThat(last.validationEvents()).isEqualTo(360);
        for (EpochReport e : reports.subList(1, reports.size() - 1)) {
            assertThat(e.cut()).isFalse();
        }
        // A mini-batch takes BATCH and one reading after its start: the rate is its events over that time.
        int n = reports.size();
        assertThat(n).as("epoch 0, a full epoch and the cut one at least").isGreaterThanOrEqualTo(3);
        int cutBatches = batchesAtReport.get(n - 1) - batchesAtReport.get(n - 2);
        int fullBatches = batchesAtReport.get(n - 2) - batchesAtReport.get(n - 3);
        assertThat(cutBatches).isPositive().isLessThan(fullBatches);
        long events = 0;
        for (long e : time.batchEvents.subList(time.batches - cutBatches, time.batches)) {
            events += e;
        }
        double seconds = cutBatches * (BATCH + TICK) / NANOS_PER_SECOND;
        assertThat(last.eventsPerSecond()).isCloseTo(events / seconds, within(1e-9 * events / seconds));
    }
}
