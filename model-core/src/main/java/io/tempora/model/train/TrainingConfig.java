package io.tempora.model.train;

import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;

/**
 * How {@link Trainer} fits a model.
 *
 * @param epochs             passes over the training windows, at most
 * @param windowsPerBatch    windows per mini-batch (one optimiser step each)
 * @param learningRate       Adam's step size
 * @param weightDecay        decoupled weight decay (AdamW), 0 for none
 * @param gradientClip       global norm bound of the per-event gradient, or +∞
 * @param windowLength       most events per window; each window starts from the state filtered up to
 *                           its start, with no gradient into that history
 * @param validationFraction the tail of every sequence held out for early stopping, in [0, 1) (unused when the
 *                           trainer is given a validation dataset)
 * @param patience           epochs without a better validation NLL before stopping
 * @param seed               drives the trainer's randomness: the per-epoch offset of the window grid
 *                           (the model's initialisation has its own seed); equal seeds give
 *                           bit-identical runs
 * @param gradient           the adjoint (default) or direct backpropagation
 * @param solver             the training solver: method and tolerances (tolerance matters for
 *                           gradients: a loose one makes them inaccurate; figures in
 *                           {@code docs/decisions.md})
 * @param threads            worker threads of the plain path and of the validation passes
 * @param executor           where a mini-batch's gradient is computed: {@link WindowExecutor#PLAIN}
 *                           (default), or e.g. model-nd4j's batched path
 * @param learningRateDecay  factor applied to the learning rate after every epoch without improvement
 * @param timeBudgetSeconds  wall-clock limit on the whole training call, validation passes included
 *                           (+∞: no limit; {@link Trainer})
 * @param schedule           the learning rate's course over the run (per mini-batch)
 */
public record TrainingConfig(
        int epochs,
        int windowsPerBatch,
        double learningRate,
        double weightDecay,
        double gradientClip,
        int windowLength,
        double validationFraction,
        int patience,
        long seed,
        GradientChoice gradient,
        SolverSettings solver,
        int threads,
        WindowExecutor.Factory executor,
        double learningRateDecay,
        double timeBudgetSeconds,
        LearningRateSchedule schedule) {

    /**
     * The default training solver's relative tolerance: a time budget, not the data, limits most fits, and 1e-4
     * buys about a third more steps than 1e-5 while keeping the gradient within a few percent (design.md: 2% at
     * 1e-5, 27% at 1e-3).
     */
    private static final double DEFAULT_RTOL = 1e-4;

    /** The default training solver's absolute tolerance. */
    private static final double DEFAULT_ATOL = 1e-6;

    /** Dormand–Prince 5(4) at {@code rtol = 1e-4, atol = 1e-6}. */
    public static final SolverSettings DEFAULT_SOLVER =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(DEFAULT_RTOL, DEFAULT_ATOL));

    /** Default {@link #epochs()}. */
    private static final int DEFAULT_EPOCHS = 30;

    /** Default {@link #windowsPerBatch()}. */
    private static final int DEFAULT_WINDOWS_PER_BATCH = 8;

    /** Default {@link #learningRate()} (Adam's step size). */
    private static final double DEFAULT_LEARNING_RATE = 3e-3;

    /** Default {@link #gradientClip()}: global norm bound of the per-event gradient. */
    private static final double DEFAULT_GRADIENT_CLIP = 10;

    /** Default {@link #windowLength()}, events per window. */
    private static final int DEFAULT_WINDOW_LENGTH = 32;

    /** Default {@link #validationFraction()}: the tail of every sequence held out. */
    private static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    /** Default {@link #patience()}, epochs without improvement before stopping. */
    private static final int DEFAULT_PATIENCE = 4;

    /** Default {@link #learningRateDecay()}: the rate is halved after every epoch without improvement. */
    private static final double DEFAULT_LEARNING_RATE_DECAY = 0.5;

    public TrainingConfig {
        if (epochs < 1 || windowsPerBatch < 1 || windowLength < 1 || patience < 1 || threads < 1) {
            throw new IllegalArgumentException(
                    "epochs, windowsPerBatch, windowLength, patience and threads must be >= 1: "
                            + "epochs=" + epochs + ", windowsPerBatch=" + windowsPerBatch + ", windowLength="
                            + windowLength
                            + ", patience=" + patience + ", threads=" + threads);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0) || !(gradientClip > 0)) {
            throw new IllegalArgumentException("learningRate and gradientClip must be > 0 and weightDecay >= 0, got "
                    + learningRate + ", " + gradientClip + ", " + weightDecay);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
        }
        if (!(timeBudgetSeconds > 0)) {
            throw new IllegalArgumentException(
                    "timeBudgetSeconds must be > 0 (or +infinity), got " + timeBudgetSeconds);
        }
        if (gradient == null || solver == null || executor == null || schedule == null) {
            throw new IllegalArgumentException("gradient, solver, executor and schedule must not be null");
        }
    }

    /**
     * The one default configuration, what {@code ./tempora fit} and the model benchmark train with: 30 epochs, 8
     * windows of 32 events per batch, Adam 3e-3, clip 10, 10% validation, patience 4, adjoint,
     * {@link #DEFAULT_SOLVER}, one thread per available processor, {@link WindowExecutor#PLAIN}, learning rate halved
     * on every epoch without improvement, {@link LearningRateSchedule#COSINE} (a time-budgeted fit still ends on
     * small steps), no time budget. Runs are bit-identical for a given thread count; another thread count adds the
     * gradients in another order (equal up to rounding).
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(
                DEFAULT_EPOCHS,
                DEFAULT_WINDOWS_PER_BATCH,
                DEFAULT_LEARNING_RATE,
                0,
                DEFAULT_GRADIENT_CLIP,
                DEFAULT_WINDOW_LENGTH,
                DEFAULT_VALIDATION_FRACTION,
                DEFAULT_PATIENCE,
                1,
                GradientChoice.ADJOINT,
                DEFAULT_SOLVER,
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                WindowExecutor.PLAIN,
                DEFAULT_LEARNING_RATE_DECAY,
                Double.POSITIVE_INFINITY,
                LearningRateSchedule.COSINE);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(
                n,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withBatch(int windows, int length) {
        return new TrainingConfig(
                epochs,
                windows,
                learningRate,
                weightDecay,
                gradientClip,
                length,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                lr,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                s,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withGradient(GradientChoice g) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                g,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withSolver(SolverSettings s) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                s,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withThreads(int n) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                n,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    /**
     * Computes the mini-batches' gradients with the executors {@code factory} creates (one per training
     * run), e.g. {@code withExecutor(BatchedWindows::new)} for model-nd4j's batched path.
     */
    public TrainingConfig withExecutor(WindowExecutor.Factory factory) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                factory,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withValidation(double fraction, int patienceEpochs) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                fraction,
                patienceEpochs,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withRegularisation(double decay, double clip) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                decay,
                clip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withLearningRateDecay(double factor) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                factor,
                timeBudgetSeconds,
                schedule);
    }

    public TrainingConfig withTimeBudget(double seconds) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                seconds,
                schedule);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(
                epochs,
                windowsPerBatch,
                learningRate,
                weightDecay,
                gradientClip,
                windowLength,
                validationFraction,
                patience,
                seed,
                gradient,
                solver,
                threads,
                executor,
                learningRateDecay,
                timeBudgetSeconds,
                s);
    }
}
