package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's contract with an executor passed in the config: it creates one per run and closes it,
 * hands it every training event exactly once per epoch, starts each window at its sequence's origin from
 * {@code h0}, or else from the state the executor wrote for the window that ended where it starts (or, at
 * the start of a stream, from the filtered state), and divides the returned NLL by the batch's events.
 */
class WindowExecutorTest {

    /** Writes a marker end state per window (its sequence and last event) and reports one nat per event. */
    private static final class Recording implements WindowExecutor {
        final List<String> violations = new ArrayList<>();
        final Map<String, double[]> written = new HashMap<>();
        final int[][] covered;
        int chained;
        int closed;

        Recording(Dataset data) {
            covered = new int[data.sequences().size()][];
            for (int s = 0; s < covered.length; s++) {
                covered[s] = new int[data.sequences().get(s).size()];
            }
        }

        @Override
        public double gradient(WindowBatch batch, double[] grad) {
            double nll = 0;
            for (int b = 0; b < batch.size(); b++) {
                EventSequence seq = batch.sequence(b);
                int s = Integer.parseInt(seq.entityId().substring(1));
                for (int i = batch.from(b); i < batch.to(b); i++) {
                    covered[s][i]++;
                }
                boolean origin = batch.from(b) == 0;
                if (batch.origin(b) != origin) {
                    violations.add("origin flag of " + s + "@" + batch.from(b));
                }
                double expectedTime = origin ? seq.time(0) : seq.time(batch.from(b) - 1);
                if (batch.startTime(b) != expectedTime) {
                    violations.add("start time of " + s + "@" + batch.from(b));
                }
                double[] previous = written.get(s + "@" + batch.from(b));
                if (previous != null) {
                    if (!Arrays.equals(batch.start(b), previous)) {
                        violations.add(
                                "window " + s + "@" + batch.from(b) + " does not start where its predecessor ended");
                    }
                    chained++;
                }
                double[] end = batch.end(b);
                Arrays.fill(end, s * 1000.0 + batch.to(b));
                written.put(s + "@" + batch.to(b), end.clone());
                nll += batch.to(b) - batch.from(b);
            }
            return nll;
        }

        @Override
        public long forwardEvaluations() {
            return 0;
        }

        @Override
        public long backwardEvaluations() {
            return 0;
        }

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void theTrainerHandsAConfiguredExecutorEveryWindowChainedThroughItsEndStates() {
        Dataset data = TrainerTest.hawkes();
        List<Recording> created = new ArrayList<>();
        TrainingConfig config = TrainerTest.small().withEpochs(1).withExecutor((model, c) -> {
            Recording r = new Recording(data);
            created.add(r);
            return r;
        });
        List<EpochReport> reports = new ArrayList<>();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        new Trainer(config).train(model, data, reports::add);

        assertThat(created).hasSize(1);
        Recording r = created.get(0);
        assertThat(r.closed).isEqualTo(1);
        assertThat(r.violations).isEmpty();
        assertThat(r.chained)
                .as("windows started from a predecessor's end state")
                .isPositive();
        for (int s = 0; s < r.covered.length; s++) {
            int n = data.sequences().get(s).size();
            int trainEnd = n - (int) Math.round(0.2 * n);
            for (int i = 0; i < n; i++) {
                assertThat(r.covered[s][i])
                        .as("times event %d of sequence %d was trained on", i, s)
                        .isEqualTo(i < trainEnd ? 1 : 0);
            }
        }
        // One nat per event in model units: the report adds the data-unit constant only.
        double constant = Math.log(model.timeUnit()) + model.features().logJacobian();
        assertThat(reports.get(1).trainNll()).isCloseTo(1.0 + constant, within(1e-12));
    }
}
