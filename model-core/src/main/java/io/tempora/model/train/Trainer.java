package io.tempora.model.train;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Gradient;
import io.tempora.nn.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits an {@link EventModel} to entity histories by maximum likelihood: Adam on mini-batches of
 * windows, gradients through the ODE segments by the adjoint (or direct backpropagation), early
 * stopping on held-out tails of the sequences, the best parameters restored at the end.
 *
 * <p>Truncated backpropagation through time over long histories: the training events of every
 * sequence are cut into windows of {@link TrainingConfig#windowLength()} events (the first one of
 * each sequence shortened by a random offset drawn per epoch from {@link TrainingConfig#seed()}, so
 * the truncation points move from epoch to epoch; {@link WindowLayout}), and the windows, in
 * time order, into {@link TrainingConfig#windowsPerBatch()} contiguous streams. Mini-batch
 * {@code j} takes the {@code j}-th window of every stream; its gradient is the sum of the windows'
 * gradients ({@link WindowGradient}) divided by its number of events. A window starts from the
 * state the previous window of its stream ended in (computed one optimiser step earlier), from
 * the learned {@code h0} at its sequence's origin (then the gradient reaches {@code h0}), or, for
 * the first window of a stream, from the state a forward pass with the epoch's starting parameters
 * filtered up to it (the same pass scores the validation tails). No gradient flows into a window's
 * history. A sequence's origin is its first event's time (the entity appears with its first
 * event). Carrying states along the stream keeps them consistent with the current parameters, which
 * a state filtered once per epoch is not after the epoch's many optimiser steps (see
 * {@code docs/decisions.md}).
 *
 * <p>The mini-batch's arithmetic runs in the {@link WindowExecutor} the config names
 * ({@link TrainingConfig#executor()}; the plain path by default).
 *
 * <p>Reproducible: a fixed {@link TrainingConfig#seed()} (and model seed) gives bit-identical runs
 * whatever the thread timing (the executors are deterministic; the plain one sends window {@code j}
 * of a batch to worker {@code j mod threads} and adds the workers' gradients in worker order).
 */
public final class Trainer {

    /** Converts {@link System#nanoTime()} differences to seconds. */
    private static final double SECONDS_PER_NANO = 1e-9;

    private final TrainingConfig config;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    /** A window of training events {@code [from, to)} of sequence {@code sequence}. */
    record WindowRef(int sequence, int from, int to) {}

    /**
     * Trains {@code model} in place on {@code data} (times in the data's own unit) and returns the
     * history; the model ends with the parameters of the best validation epoch.
     *
     * @throws IllegalArgumentException if the data's types or features do not match the model
     */
    public TrainingResult train(EventModel model, Dataset data, TrainingListener listener) {
        if (data.numTypes() != model.architecture().numTypes()
                || data.numFeatures() != model.architecture().numFeatures()) {
            throw new IllegalArgumentException("the data has " + data.numTypes() + " types and " + data.numFeatures()
                    + " features but the model " + model.architecture().numTypes() + " and "
                    + model.architecture().numFeatures() + "; build the model with EventModel.forDataset");
        }
        long startNanos = System.nanoTime();
        List<EventSequence> seqs = data.sequences();
        int[] trainEnd = new int[seqs.size()];
        long trainEvents = 0;
        long validationEvents = 0;
        for (int s = 0; s < seqs.size(); s++) {
            int n = seqs.get(s).size();
            int val = (int) Math.round(config.validationFraction() * n);
            int m = n - val;
            if (m < 1 && n > 0) {
                m = Math.min(n, 1);
            }
            trainEnd[s] = m;
            validationEvents += n - m;
            trainEvents += m;
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        WindowLayout layout = new WindowLayout(
                trainEnd,
                config.windowLength(),
                config.windowsPerBatch(),
                model.architecture().latentDim());
        layout.cut(random.nextInt(config.windowLength()));
        double eventConstant = Math.log(model.timeUnit()) + model.features().logJacobian();

        ParameterSet params = model.parameters();
        Adam adam = new Adam(params, AdamConfig.of(config.learningRate()).withWeightDecay(config.weightDecay()));
        Gradient gradient = params.newGradient();
        WindowBatch batch = new WindowBatch(config.windowsPerBatch());
        double[] h0 = new double[model.architecture().latentDim()];
        try (WindowExecutor executor = config.executor().create(model, config)) {
            List<EpochReport> history = new ArrayList<>();
            double validation = filter(model, seqs, trainEnd, layout, validationEvents);
            double best = validationEvents > 0 ? validation : Double.POSITIVE_INFINITY;
            double[] bestParams = params.copyValues();
            int bestEpoch = 0;
            EpochReport initial = new EpochReport(
                    0,
                    Double.NaN,
                    validation,
                    0,
                    0,
                    config.learningRate(),
                    (System.nanoTime() - startNanos) * SECONDS_PER_NANO,
                    false);
            history.add(initial);
            listener.onEpoch(initial);
            double lr = config.learningRate();
            int stale = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                adam.config(adam.config().withLearningRate(lr));
                double lossSum = 0;
                long events = 0;
                long fwd0 = executor.forwardEvaluations();
                long bwd0 = executor.backwardEvaluations();
                int[] batchEnds = layout.batchEnds;
                for (int j = 0; j < layout.batches(); j++) {
                    if ((System.nanoTime() - startNanos) * SECONDS_PER_NANO >= config.timeBudgetSeconds()
                            && events > 0) {
                        break; // out of time: validate what we have and stop
                    }
                    if (config.schedule() != LearningRateSchedule.CONSTANT) {
                        double progress = Math.max(
                                (System.nanoTime() - startNanos) * SECONDS_PER_NANO / config.timeBudgetSeconds(),
                                (epoch - 1 + (double) j / layout.batches()) / config.epochs());
                        adam.config(adam.config()
                                .withLearningRate(lr * config.schedule().factor(progress)));
                    }
                    int b = j == 0 ? 0 : batchEnds[j - 1];
                    int e = batchEnds[j];
                    gradient.zero();
                    fill(batch, model, seqs, layout, b, e, h0);
                    lossSum += executor.gradient(batch, gradient.values());
                    events += batch.events();
                    gradient.scale(1.0 / batch.events());
                    if (Double.isFinite(config.gradientClip())) {
                        gradient.clipNorm(config.gradientClip());
                    }
                    adam.step(gradient);
                }
                double trainNll = lossSum / events + eventConstant;
                double fwd = (double) (executor.forwardEvaluations() - fwd0) / events;
                double bwd = (double) (executor.backwardEvaluations() - bwd0) / events;
                layout.cut(random.nextInt(config.windowLength())); // the next epoch's windows, filtered below
                validation = filter(model, seqs, trainEnd, layout, validationEvents);
                double score = validationEvents > 0 ? validation : trainNll;
                boolean improved = score < best;
                if (improved) {
                    best = score;
                    bestEpoch = epoch;
                    System.arraycopy(params.values(), 0, bestParams, 0, bestParams.length);
                    stale = 0;
                } else {
                    stale++;
                }
                EpochReport report = new EpochReport(
                        epoch,
                        trainNll,
                        validation,
                        fwd,
                        bwd,
                        adam.config().learningRate(),
                        (System.nanoTime() - epochStart) * SECONDS_PER_NANO,
                        improved);
                history.add(report);
                listener.onEpoch(report);
                if (stale >= config.patience()
                        || (System.nanoTime() - startNanos) * SECONDS_PER_NANO >= config.timeBudgetSeconds()) {
                    break;
                }
                if (!improved) {
                    lr *= config.learningRateDecay();
                }
            }
            params.setAll(bestParams);
            return new TrainingResult(
                    model,
                    bestEpoch,
                    validationEvents > 0 ? best : Double.NaN,
                    history,
                    trainEvents,
                    (System.nanoTime() - startNanos) * SECONDS_PER_NANO);
        }
    }

    /**
     * Fills {@code batch} with the windows {@code layout.order[from, to)}: each starts from {@code h0}
     * (a copy of the current learned initial state) at its sequence's origin, from the filtered state at
     * the start of its stream, or else from the state the previous window of its stream ended in.
     */
    private static void fill(
            WindowBatch batch,
            EventModel model,
            List<EventSequence> seqs,
            WindowLayout layout,
            int from,
            int to,
            double[] h0) {
        System.arraycopy(model.parameters().values(), model.initialState().offset(), h0, 0, h0.length);
        batch.clear();
        for (int j = from; j < to; j++) {
            int wi = layout.order[j];
            WindowRef w = layout.windows.get(wi);
            EventSequence seq = seqs.get(w.sequence());
            boolean origin = w.from() == 0;
            double startTime = origin ? seq.time(0) : seq.time(w.from() - 1);
            double[] start = origin ? h0 : layout.streamFirst[wi] ? layout.starts[wi] : layout.ends[wi - 1];
            batch.add(seq, w.from(), w.to(), start, startTime, origin, layout.ends[wi]);
        }
    }

    /**
     * Runs every sequence forward with the current parameters: stores the state at each window's
     * start and returns the validation NLL per event (data units), NaN if there is no validation.
     */
    private double filter(
            EventModel model, List<EventSequence> seqs, int[] trainEnd, WindowLayout layout, long validationEvents) {
        List<WindowRef> windows = layout.windows;
        double[][] starts = layout.starts;
        StreamingScorer scorer = new StreamingScorer(model, config.solver());
        int f = model.architecture().numFeatures();
        double[] x = f > 0 ? new double[f] : null;
        double ll = 0;
        int w = 0;
        for (int s = 0; s < seqs.size(); s++) {
            EventSequence seq = seqs.get(s);
            if (seq.isEmpty()) {
                continue;
            }
            EntityState state = scorer.newState(seq.time(0));
            for (int i = 0; i < seq.size(); i++) {
                while (w < windows.size()
                        && windows.get(w).sequence() == s
                        && windows.get(w).from() == i) {
                    double[] h = starts[w];
                    for (int j = 0; j < h.length; j++) {
                        h[j] = state.latent(j);
                    }
                    w++;
                }
                boolean windowAhead = w < windows.size() && windows.get(w).sequence() == s;
                if (!windowAhead && trainEnd[s] == seq.size()) {
                    break; // nothing left to filter for or to score in this sequence
                }
                if (x != null) {
                    for (int j = 0; j < f; j++) {
                        x[j] = seq.feature(i, j);
                    }
                }
                double v = scorer.observe(state, seq.time(i), seq.type(i), x);
                if (i >= trainEnd[s]) {
                    ll += v;
                }
            }
        }
        return validationEvents > 0 ? -ll / validationEvents : Double.NaN;
    }
}
