package io.tempora.model.train;

import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;

import java.util.List;

/** The trainer's batched ND4J path: one {@link BatchedWindowGradient} call per mini-batch. */
final class BatchedWindows implements Trainer.BatchBackend {

    private final EventModel model;
    private final List<EventSequence> seqs;
    private final WindowLayout layout;
    private final BatchedWindowGradient gradient;
    private final int batch;
    private final EventSequence[] bs;
    private final int[] from;
    private final int[] to;
    private final double[][] start;
    private final double[][] end;
    private final double[] startTime;
    private final boolean[] origin;
    private final double[] h0;

    BatchedWindows(EventModel model, TrainingConfig config, List<EventSequence> seqs, WindowLayout layout) {
        this.model = model;
        this.seqs = seqs;
        this.layout = layout;
        int d = model.architecture().latentDim();
        this.batch = config.windowsPerBatch();
        this.gradient = new BatchedWindowGradient(model, batch, config.gradient().create(config.solver()), config.solver());
        this.bs = new EventSequence[batch];
        this.from = new int[batch];
        this.to = new int[batch];
        this.start = new double[batch][];
        this.end = new double[batch][];
        this.startTime = new double[batch];
        this.origin = new boolean[batch];
        this.h0 = new double[d];
    }

    @Override
    public Result gradient(int[] order, int first, int last, double[] grad) {
        System.arraycopy(model.parameters().values(), model.initialState().offset(), h0, 0, h0.length);
        int count = last - first;
        long events = 0;
        for (int b = 0; b < count; b++) {
            int wi = order[first + b];
            Trainer.WindowRef w = layout.windows.get(wi);
            EventSequence seq = seqs.get(w.sequence());
            bs[b] = seq;
            from[b] = w.from();
            to[b] = w.to();
            origin[b] = w.from() == 0;
            startTime[b] = origin[b] ? seq.time(0) : seq.time(w.from() - 1);
            start[b] = origin[b] ? h0 : layout.streamFirst[wi] ? layout.starts[wi] : layout.ends[wi - 1];
            end[b] = layout.ends[wi];
            events += w.to() - w.from();
        }
        double nll = gradient.compute(count, bs, from, to, start, startTime, origin, grad, end);
        return new Result(nll, events);
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
