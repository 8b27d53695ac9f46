package io.tempora.nd4j.train;

import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.WindowBatch;
import io.tempora.model.train.WindowExecutor;

/**
 * The trainer's batched ND4J path: one {@link BatchedWindowGradient} call per mini-batch, all its windows
 * stepped together; single-threaded ({@link TrainingConfig#threads()} does not apply). Pass it to the
 * trainer with {@code TrainingConfig.withExecutor(BatchedWindows::new)}. Not thread-safe.
 */
public final class BatchedWindows implements WindowExecutor {

    private final BatchedWindowGradient gradient;
    private final EventSequence[] sequences;
    private final int[] from;
    private final int[] to;
    private final double[][] start;
    private final double[][] end;
    private final double[] startTime;
    private final boolean[] origin;

    /** An executor for batches of up to {@link TrainingConfig#windowsPerBatch()} windows of {@code model}. */
    public BatchedWindows(EventModel model, TrainingConfig config) {
        int batch = config.windowsPerBatch();
        this.gradient =
                new BatchedWindowGradient(model, batch, config.gradient().create(config.solver()), config.solver());
        this.sequences = new EventSequence[batch];
        this.from = new int[batch];
        this.to = new int[batch];
        this.start = new double[batch][];
        this.end = new double[batch][];
        this.startTime = new double[batch];
        this.origin = new boolean[batch];
    }

    @Override
    public double gradient(WindowBatch batch, double[] grad) {
        int count = batch.size();
        for (int b = 0; b < count; b++) {
            sequences[b] = batch.sequence(b);
            from[b] = batch.from(b);
            to[b] = batch.to(b);
            start[b] = batch.start(b);
            startTime[b] = batch.startTime(b);
            origin[b] = batch.origin(b);
            end[b] = batch.end(b);
        }
        return gradient.compute(count, sequences, from, to, start, startTime, origin, grad, end);
    }

    @Override
    public long forwardEvaluations() {
        return gradient.forwardEvaluations();
    }

    @Override
    public long backwardEvaluations() {
        return gradient.backwardEvaluations();
    }
}
