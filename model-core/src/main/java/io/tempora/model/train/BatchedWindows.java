package io.tempora.model.train;

import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;

import java.util.List;

/** The batched ND4J path (not yet implemented). */
final class BatchedWindows implements Trainer.BatchBackend {

    BatchedWindows(EventModel model, TrainingConfig config, List<EventSequence> seqs, List<Trainer.WindowRef> windows,
                   double[][] starts) {
        throw new UnsupportedOperationException("the batched ND4J training path is not available in this build; "
                + "use ExecutionPath.PLAIN");
    }

    @Override
    public Result gradient(int[] order, int from, int to, double[] grad) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long forwardEvaluations() {
        return 0;
    }

    @Override
    public long backwardEvaluations() {
        return 0;
    }
}
