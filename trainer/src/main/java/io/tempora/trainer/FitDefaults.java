package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.Window;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ./tempora fit} trains with when not told otherwise: {@link TrainingConfig#defaults()} (the library's
 * and the model benchmark's one configuration), the library's default model size, and the choices that depend on
 * the data, so that a dataset fits without tuning:
 * <ul>
 *   <li>the model's time unit (the median gap, {@link io.tempora.model.EventModel#forDataset});</li>
 *   <li>the mini-batch: about {@value #EVENTS_PER_BATCH} events whatever the sequences' length (many windows of a
 *       few events when the sequences are short), so that a step's gradient is as noisy on short histories as on
 *       long ones;</li>
 *   <li>the learning-rate schedule: the cosine anneals over the epochs or the time budget, and the epochs are
 *       chosen so that the run has at least {@value #TARGET_STEPS} optimiser steps (more epochs on small
 *       data);</li>
 *   <li>early stopping: on the {@code --validation} file when one is given; else on the last 10% of each training
 *       sequence when the sequences are long enough for that tail to hold events (median length at least
 *       {@value #SHORT_SEQUENCE}), and otherwise on {@value #HELD_OUT_PERCENT}% of the training sequences held out
 *       whole (by entity, seeded); the patience covers at least {@value #PATIENCE_STEPS} optimiser steps.</li>
 * </ul>
 */
public final class FitDefaults {

    /** Latent dimension of a new model. */
    public static final int LATENT_DIM = ModelArchitecture.DEFAULT_LATENT_DIM;

    /** Hidden width of a new model's dynamics. */
    public static final int HIDDEN_DIM = ModelArchitecture.DEFAULT_HIDDEN_DIM;

    /**
     * Events per mini-batch aimed at: the library's default batch of 8 windows of 32 events, the batch the
     * benchmark's long histories train with.
     */
    static final int EVENTS_PER_BATCH = 256;

    /** The most windows in a mini-batch (a batch of single-event sequences would otherwise take hundreds). */
    static final int MAX_WINDOWS_PER_BATCH = 64;

    /** Optimiser steps a fit aims at when the epochs are not given: small data gets more epochs. */
    static final int TARGET_STEPS = 1500;

    /** The most epochs chosen from the data (a time budget or early stopping usually ends the run sooner). */
    static final int MAX_EPOCHS = 300;

    /** Optimiser steps without a better validation NLL before early stopping, at least. */
    static final int PATIENCE_STEPS = 150;

    /** Below this median sequence length a 10% tail holds under two events: validation holds out sequences. */
    static final int SHORT_SEQUENCE = 20;

    /** The share of the training sequences held out whole when the sequences are short, in percent. */
    static final int HELD_OUT_PERCENT = 10;

    /** The fewest training sequences for holding some out (fewer: the tails, however short, are used). */
    static final int MIN_SEQUENCES_TO_HOLD_OUT = 10;

    private static final double PERCENT = 100;

    private FitDefaults() {}

    /**
     * What a fit trains on and how.
     *
     * @param config     the training configuration
     * @param train      the sequences trained on
     * @param validation the sequences early stopping scores (first event of each conditioned on), or null for
     *                   the held-out tails of {@code train}
     * @param choices    the data-dependent choices, one line each, for the user
     */
    public record Plan(TrainingConfig config, Dataset train, Dataset validation, List<String> choices) {

        public Plan {
            choices = List.copyOf(choices);
        }
    }

    /**
     * The plan for training on {@code train}, early stopping on {@code validation} (null: chosen here).
     *
     * @param epochs the most epochs, or null to choose them from the data
     * @param seed   the training seed (and the seed of a held-out split)
     */
    public static Plan plan(Dataset train, Dataset validation, Integer epochs, long seed) {
        List<String> choices = new ArrayList<>();
        Dataset fitOn = train;
        Dataset early = validation;
        int median = medianLength(train);
        TrainingConfig base = TrainingConfig.defaults().withSeed(seed);
        if (early != null) {
            choices.add("early stopping on the --validation file ("
                    + early.sequences().size() + " sequences)");
        } else if (median < SHORT_SEQUENCE && train.sequences().size() >= MIN_SEQUENCES_TO_HOLD_OUT) {
            Dataset.Split split = train.splitByEntity(1 - HELD_OUT_PERCENT / PERCENT, seed);
            fitOn = split.train();
            early = train.withSequences(
                    split.test().stream().map(Window::sequence).toList());
            choices.add(String.format(
                    Locale.ROOT,
                    "early stopping on %d of the %d training sequences held out whole (median length %d < %d)",
                    early.sequences().size(),
                    train.sequences().size(),
                    median,
                    SHORT_SEQUENCE));
        } else {
            choices.add(String.format(
                    Locale.ROOT,
                    "early stopping on the last %.0f%% of each training sequence",
                    base.validationFraction() * PERCENT));
        }
        double meanWindow = meanWindowEvents(fitOn, base.windowLength(), early == null ? base.validationFraction() : 0);
        int windows = (int) Math.max(
                base.windowsPerBatch(), Math.min(MAX_WINDOWS_PER_BATCH, Math.round(EVENTS_PER_BATCH / meanWindow)));
        TrainingConfig config = base.withBatch(windows, base.windowLength());
        long batches = batchesPerEpoch(fitOn, config, early == null);
        choices.add(String.format(
                Locale.ROOT,
                "mini-batches of %d windows (about %.0f events each), %d per epoch",
                windows,
                windows * meanWindow,
                batches));
        int chosenEpochs = epochs != null
                ? epochs
                : (int) Math.min(MAX_EPOCHS, Math.max(base.epochs(), ceilDiv(TARGET_STEPS, batches)));
        int patience = (int) Math.max(base.patience(), ceilDiv(PATIENCE_STEPS, batches));
        config = config.withEpochs(chosenEpochs).withValidation(base.validationFraction(), patience);
        choices.add(String.format(
                Locale.ROOT,
                "%d epochs at most%s, the learning rate annealed (cosine) over them or the time budget, "
                        + "patience %d epochs",
                chosenEpochs,
                epochs != null ? " (--epochs)" : "",
                patience));
        return new Plan(config, fitOn, early, choices);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The median number of events per sequence, 0 for no sequences. */
    static int medianLength(Dataset data) {
        int[] sizes = data.sequences().stream().mapToInt(EventSequence::size).toArray();
        if (sizes.length == 0) {
            return 0;
        }
        Arrays.sort(sizes);
        return sizes[sizes.length / 2];
    }

    /** The mean number of training events per window (tails held out when {@code tail > 0}). */
    private static double meanWindowEvents(Dataset data, int windowLength, double tail) {
        long events = 0;
        long windows = 0;
        for (EventSequence s : data.sequences()) {
            int m = trainEvents(s.size(), tail);
            events += m;
            windows += ceilDiv(m, windowLength);
        }
        return windows > 0 ? (double) events / windows : 1;
    }

    /** Mini-batches per epoch (the trainer's streams: windows divided among the batch's windows). */
    private static long batchesPerEpoch(Dataset data, TrainingConfig config, boolean tails) {
        long windows = 0;
        for (EventSequence s : data.sequences()) {
            windows += ceilDiv(trainEvents(s.size(), tails ? config.validationFraction() : 0), config.windowLength());
        }
        return Math.max(1, ceilDiv(windows, config.windowsPerBatch()));
    }

    /** The training events of a sequence of {@code n} with a tail of {@code fraction} held out (as the trainer). */
    private static int trainEvents(int n, double fraction) {
        int m = n - (int) Math.round(fraction * n);
        return Math.max(Math.min(n, 1), m);
    }
}
