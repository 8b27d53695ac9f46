package io.tempora.model.train;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Gradient;
import io.tempora.nn.ParameterSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

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
 * filtered up to it (the same pass scores the validation tails; {@link ValidationPass}). No gradient flows into a window's
 * history. A sequence's origin is its first event's time (the entity appears with its first
 * event). Carrying states along the stream keeps them consistent with the current parameters, which
 * a state filtered once per epoch is not after the epoch's many optimiser steps (see
 * {@code docs/decisions.md}).
 *
 * <p>Validation: by default the last {@link TrainingConfig#validationFraction()} of every sequence is held out and
 * scored after every epoch, each tail conditioned on the sequence's earlier events; with an explicit validation
 * dataset ({@link #train(EventModel, Dataset, Dataset, TrainingListener)}) the training sequences are trained on
 * whole and the validation sequences are scored instead, each sequence's first event conditioned on and not scored
 * (the evaluate convention). Either figure drives early stopping and the restore of the best epoch. The passes run
 * on {@link TrainingConfig#threads()} threads with results independent of the thread count.
 *
 * <p>The time budget ({@link TrainingConfig#timeBudgetSeconds()}) is a wall-clock limit on the whole call,
 * validation passes included ({@link TimeBudget}): no mini-batch starts unless the time left covers the running
 * estimate of a batch and of the validation pass after it; an epoch so cut still reports its events per second
 * ({@link EpochReport#cut()}); a validation pass that reaches the deadline stops and reports the events it scored
 * ({@link EpochReport#validationPartial()}), and such a partial figure does not count for early stopping.
 *
 * <p>The mini-batch's arithmetic runs in the {@link WindowExecutor} the config names
 * ({@link TrainingConfig#executor()}; the plain path by default).
 *
 * <p>Reproducible: a fixed {@link TrainingConfig#seed()} (and model seed) gives bit-identical runs
 * whatever the thread timing (the executors are deterministic; the plain one sends window {@code j}
 * of a batch to worker {@code j mod threads} and adds the workers' gradients in worker order).
 */
public final class Trainer {

    private final TrainingConfig config;
    private final LongSupplier nanoTime;

    public Trainer(TrainingConfig config) {
        this(config, System::nanoTime);
    }

    /** A trainer reading time from {@code nanoTime} (tests drive the time budget with a deterministic clock). */
    Trainer(TrainingConfig config, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
    }

    public TrainingConfig config() {
        return config;
    }

    /** A window of training events {@code [from, to)} of sequence {@code sequence}. */
    record WindowRef(int sequence, int from, int to) {}

    /**
     * Trains {@code model} in place on {@code data} (times in the data's own unit), early stopping on the held-out
     * tails of its sequences, and returns the history; the model ends with the parameters of the best validation
     * epoch.
     *
     * @throws IllegalArgumentException if the data's types or features do not match the model
     */
    public TrainingResult train(EventModel model, Dataset data, TrainingListener listener) {
        return run(model, data, null, listener);
    }

    /**
     * Trains {@code model} in place on every event of {@code data}, early stopping on {@code validation}: separate
     * whole sequences scored after every epoch with each one's first event conditioned on and not scored; the model
     * ends with the parameters of the best epoch on it. {@link TrainingConfig#validationFraction()} is not used.
     *
     * @throws IllegalArgumentException if either dataset's types or features do not match the model, or the
     *                                  validation data has no event to score (every sequence a single event)
     */
    public TrainingResult train(EventModel model, Dataset data, Dataset validation, TrainingListener listener) {
        if (validation == null) {
            throw new IllegalArgumentException("the validation dataset is null; use train(model, data, listener)");
        }
        return run(model, data, validation, listener);
    }

    private static void requireMatch(EventModel model, Dataset data, String what) {
        if (data.numTypes() != model.architecture().numTypes()
                || data.numFeatures() != model.architecture().numFeatures()) {
            throw new IllegalArgumentException("the " + what + " has " + data.numTypes() + " types and "
                    + data.numFeatures() + " features but the model "
                    + model.architecture().numTypes() + " and "
                    + model.architecture().numFeatures() + "; build the model with EventModel.forDataset");
        }
    }

    private TrainingResult run(EventModel model, Dataset data, Dataset validationData, TrainingListener listener) {
        TimeBudget budget = new TimeBudget(nanoTime, config.timeBudgetSeconds());
        requireMatch(model, data, "data");
        List<EventSequence> seqs = data.sequences();
        int[] trainEnd = new int[seqs.size()];
        long trainEvents = 0;
        for (int s = 0; s < seqs.size(); s++) {
            int n = seqs.get(s).size();
            int m = n;
            if (validationData == null) {
                int val = (int) Math.round(config.validationFraction() * n);
                m = Math.max(Math.min(n, 1), n - val);
            }
            trainEnd[s] = m;
            trainEvents += m;
        }
        Validation validation;
        if (validationData != null) {
            requireMatch(model, validationData, "validation data");
            validation = Validation.separate(validationData.sequences());
            if (validation.events() == 0) {
                throw new IllegalArgumentException("the validation data has no event to score: each of its "
                        + validationData.sequences().size()
                        + " sequences has at most one event, and a sequence's first event is conditioned on");
            }
        } else {
            validation = Validation.tails(seqs, trainEnd);
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
        try (WindowExecutor executor = config.executor().create(model, config);
                ValidationPass pass = new ValidationPass(model, config.solver(), config.threads(), nanoTime)) {
            List<EpochReport> history = new ArrayList<>();
            long passStart = budget.now();
            ValidationPass.Result scored = validate(pass, seqs, layout, validation, budget);
            double validationSeconds = budget.secondsSince(passStart);
            if (scored.complete()) {
                budget.validationTook(validationSeconds);
            }
            boolean hasValidation = validation.events() > 0;
            double best = hasValidation && scored.complete() ? scored.nllPerEvent() : Double.POSITIVE_INFINITY;
            double[] bestParams = params.copyValues();
            int bestEpoch = 0;
            EpochReport initial = new EpochReport(
                    0,
                    Double.NaN,
                    scored.nllPerEvent(),
                    scored.scored(),
                    !scored.complete(),
                    0,
                    0,
                    config.learningRate(),
                    validationSeconds,
                    Double.NaN,
                    false,
                    false);
            history.add(initial);
            listener.onEpoch(initial);
            double lr = config.learningRate();
            int stale = 0;
            boolean validationComplete = scored.complete();
            for (int epoch = 1; epoch <= config.epochs() && validationComplete; epoch++) {
                long epochStart = budget.now();
                adam.config(adam.config().withLearningRate(lr));
                double lossSum = 0;
                long events = 0;
                double trainSeconds = 0;
                boolean cut = false;
                long fwd0 = executor.forwardEvaluations();
                long bwd0 = executor.backwardEvaluations();
                int[] batchEnds = layout.batchEnds;
                for (int j = 0; j < layout.batches(); j++) {
                    if (!budget.allowsBatch()) {
                        cut = true; // out of time: validate what we have and stop
                        break;
                    }
                    long batchStart = budget.now();
                    if (config.schedule() != LearningRateSchedule.CONSTANT) {
                        double progress = Math.max(
                                budget.elapsed() / config.timeBudgetSeconds(),
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
                    double took = budget.secondsSince(batchStart);
                    budget.batchTook(took);
                    trainSeconds += took;
                }
                if (events == 0) {
                    break; // no time for a single batch: the last validated parameters stand
                }
                double trainNll = lossSum / events + eventConstant;
                double fwd = (double) (executor.forwardEvaluations() - fwd0) / events;
                double bwd = (double) (executor.backwardEvaluations() - bwd0) / events;
                layout.cut(random.nextInt(config.windowLength())); // the next epoch's windows, filtered below
                passStart = budget.now();
                scored = validate(pass, seqs, layout, validation, budget);
                validationComplete = scored.complete();
                if (validationComplete) {
                    budget.validationTook(budget.secondsSince(passStart));
                }
                // A partial validation figure averages over other events than the complete ones: not comparable.
                double score = hasValidation ? (validationComplete ? scored.nllPerEvent() : Double.NaN) : trainNll;
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
                        scored.nllPerEvent(),
                        scored.scored(),
                        !validationComplete,
                        fwd,
                        bwd,
                        adam.config().learningRate(),
                        budget.secondsSince(epochStart),
                        events / trainSeconds,
                        cut,
                        improved);
                history.add(report);
                listener.onEpoch(report);
                if (stale >= config.patience() || cut) {
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
                    hasValidation && Double.isFinite(best) ? best : Double.NaN,
                    history,
                    trainEvents,
                    budget.elapsed());
        }
    }

    /**
     * The sequences a run validates on, whether each one's first event is conditioned on, the first scored event
     * of each and the number of scored events.
     */
    private record Validation(List<EventSequence> sequences, boolean conditionOnFirst, int[] scoreFrom, long events) {

        /** The training sequences' tails from {@code trainEnd} on, each conditioned on the events before it. */
        static Validation tails(List<EventSequence> seqs, int[] trainEnd) {
            long events = 0;
            for (int s = 0; s < seqs.size(); s++) {
                events += seqs.get(s).size() - trainEnd[s];
            }
            return new Validation(seqs, false, trainEnd.clone(), events);
        }

        /** Separate sequences, each one's first event conditioned on and the others scored. */
        static Validation separate(List<EventSequence> seqs) {
            int[] second = new int[seqs.size()];
            long events = 0;
            for (int s = 0; s < seqs.size(); s++) {
                second[s] = 1;
                events += Math.max(0, seqs.get(s).size() - 1);
            }
            return new Validation(seqs, true, second, events);
        }
    }

    /**
     * Filters the training sequences to the starts of the windows that begin a stream and scores the validation
     * events with the current parameters (one pass over the training sequences when the validation events are
     * their tails), stopping at the budget's deadline.
     */
    private static ValidationPass.Result validate(
            ValidationPass pass,
            List<EventSequence> seqs,
            WindowLayout layout,
            Validation validation,
            TimeBudget budget) {
        boolean[] needed = new boolean[layout.windows.size()];
        for (int w = 0; w < needed.length; w++) {
            needed[w] = layout.streamFirst[w] && layout.windows.get(w).from() > 0;
        }
        ValidationPass.Windows windows = new ValidationPass.Windows(layout.windows, needed, layout.starts);
        long deadline = budget.deadlineNanos();
        if (!validation.conditionOnFirst()) {
            return pass.run(seqs, validation.scoreFrom(), false, windows, deadline);
        }
        int[] none = new int[seqs.size()];
        for (int s = 0; s < none.length; s++) {
            none[s] = seqs.get(s).size();
        }
        ValidationPass.Result starts = pass.run(seqs, none, false, windows, deadline);
        ValidationPass.Result scored = pass.run(validation.sequences(), validation.scoreFrom(), true, null, deadline);
        return new ValidationPass.Result(
                scored.logLikelihood(), scored.scored(), scored.toScore(), starts.complete() && scored.complete());
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
}
