package io.tempora.trainer.baseline;

import io.tempora.data.Dataset;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Gradient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits {@link LogNormMix} by maximum likelihood with model-core's {@link Adam}, early-stopped on held-out events:
 * <ul>
 *   <li>validation: with at least {@value #MIN_SEQUENCES_TO_HOLD_OUT} sequences, every tenth sequence is held
 *       out whole; with fewer (one long log), the last tenth of each sequence's events, scored conditioned on the
 *       rest (the convention's first-event rule is kept: each sequence's first event is never scored);</li>
 *   <li>training: the remaining events in windows of {@value #WINDOW} events, backpropagation through time
 *       truncated at each window's start (its starting state from a pass over the sequence at the start of the
 *       epoch), {@value #WINDOWS_PER_STEP} windows per Adam step, the gradient per event, its norm clipped to
 *       {@value #CLIP_NORM};</li>
 *   <li>stopping: after {@value #PATIENCE} epochs without a better validation NLL, after {@value #MAX_EPOCHS}
 *       epochs, or when the time budget is spent; the parameters of the best validation epoch are kept.</li>
 * </ul>
 * The sizes are the small end of the authors' grid (they use a 64-unit GRU and 64 components on data of
 * thousands of sequences); this baseline is fitted beside every model on data of any size, so it stays cheap.
 * Everything is seeded: the same data and seed give the same fit unless the time budget binds.
 */
final class LogNormMixFit {

    /** The recurrent state's size. */
    static final int HIDDEN = 32;

    /** Mixture components. */
    static final int COMPONENTS = 8;

    /** The type embedding's size at most (types + 1 when there are fewer). */
    static final int MAX_EMBEDDING = 16;

    /** Events per training window (truncated backpropagation through time). */
    static final int WINDOW = 32;

    /** Windows per Adam step. */
    static final int WINDOWS_PER_STEP = 8;

    /** Adam's step size: the authors' 1e-3 was tuned for batches of 64 sequences; small data needs fewer steps. */
    static final double LEARNING_RATE = 5e-3;

    /** Decoupled weight decay, the authors' regularisation strength. */
    static final double WEIGHT_DECAY = 1e-5;

    static final double CLIP_NORM = 5;

    static final int MAX_EPOCHS = 300;

    static final int PATIENCE = 20;

    /** Sequences from which validation holds out whole ones rather than each one's tail. */
    static final int MIN_SEQUENCES_TO_HOLD_OUT = 10;

    /** The share of events held out for validation. */
    static final int HOLD_OUT_EVERY = 10;

    /** The default time budget of one fit, seconds: the baseline must not cost more than the model's fit. */
    static final double DEFAULT_SECONDS = 60;

    private LogNormMixFit() {}

    /**
     * What a fit did.
     *
     * @param model        the fitted network (best validation epoch's parameters)
     * @param epochs       epochs run
     * @param bestEpoch    the epoch kept (1-based; 0: none validated, the last kept)
     * @param validationNll the held-out NLL per event at the best epoch (NaN without held-out events)
     */
    record Result(LogNormMix model, int epochs, int bestEpoch, double validationNll) {}

    /** One training window: events {@code [from, to)} of sequence {@code sequence}. */
    private record Window(int sequence, int from, int to) {}

    /**
     * Fits on {@code train} (times in units of {@code 1 / dataUnitsPerSecond} seconds) within {@code seconds}.
     *
     * @throws IllegalArgumentException if there is no scored event
     */
    static Result fit(Dataset train, double dataUnitsPerSecond, double seconds, long seed) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int n = train.sequences().size();
        int[] trainEnd = new int[n];
        int[] validFrom = new int[n];
        boolean wholeSequences = n >= MIN_SEQUENCES_TO_HOLD_OUT;
        for (int q = 0; q < n; q++) {
            int size = train.sequences().get(q).size();
            if (wholeSequences) {
                boolean held = q % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1;
                trainEnd[q] = held ? 0 : size;
                validFrom[q] = held ? 1 : size;
            } else {
                int tail = size / HOLD_OUT_EVERY;
                trainEnd[q] = size - tail;
                validFrom[q] = size - tail;
            }
        }
        LogNormMix model = initialise(train, dataUnitsPerSecond, trainEnd, seed);
        List<LogNormMix.Encoded> seqs = model.encode(train, dataUnitsPerSecond);
        List<Window> windows = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            for (int from = 0; from < trainEnd[q]; from += WINDOW) {
                windows.add(new Window(q, from, Math.min(trainEnd[q], from + WINDOW)));
            }
        }
        long trainingEvents = 0;
        for (Window w : windows) {
            trainingEvents += w.to() - Math.max(w.from(), 1);
        }
        if (trainingEvents <= 0) {
            throw new IllegalArgumentException("LogNormMix needs at least one scored training event");
        }
        Adam adam = new Adam(model.parameters(), AdamConfig.of(LEARNING_RATE).withWeightDecay(WEIGHT_DECAY));
        Gradient g = model.parameters().newGradient();
        LogNormMix.Workspace ws = model.newWorkspace(WINDOW);
        Random shuffle = new Random(seed);
        double[] best = model.parameters().copyValues();
        double bestNll = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < MAX_EPOCHS && System.nanoTime() < deadline && epoch - bestEpoch < PATIENCE) {
            epoch++;
            double[][] starts = windowStarts(model, seqs, windows, ws);
            List<Integer> order = new ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                order.add(w);
            }
            Collections.shuffle(order, shuffle);
            for (int b = 0; b < order.size(); b += WINDOWS_PER_STEP) {
                g.zero();
                long events = 0;
                for (int w : order.subList(b, Math.min(order.size(), b + WINDOWS_PER_STEP))) {
                    Window win = windows.get(w);
                    model.windowGradient(seqs.get(win.sequence()), win.from(), win.to(), starts[w], ws, g.values());
                    events += win.to() - Math.max(win.from(), 1);
                }
                if (events == 0) {
                    continue;
                }
                g.scale(-1.0 / events);
                g.clipNorm(CLIP_NORM);
                adam.step(g);
            }
            double nll = validationNll(model, seqs, validFrom, ws);
            if (Double.isNaN(nll)) {
                bestEpoch = epoch;
                best = model.parameters().copyValues();
            } else if (nll < bestNll) {
                bestNll = nll;
                bestEpoch = epoch;
                best = model.parameters().copyValues();
            }
        }
        model.parameters().setAll(best);
        return new Result(model, epoch, bestEpoch, Double.isInfinite(bestNll) ? Double.NaN : bestNll);
    }

    /** A network sized for {@code train}'s types, normalised by its training log-gaps, initialised from {@code seed}. */
    private static LogNormMix initialise(Dataset train, double dataUnitsPerSecond, int[] trainEnd, long seed) {
        double sum = 0;
        double sumSq = 0;
        long count = 0;
        for (int q = 0; q < trainEnd.length; q++) {
            var s = train.sequences().get(q);
            for (int i = 1; i < trainEnd[q]; i++) {
                double y = LogNormMix.logGap((s.time(i) - s.time(i - 1)) / dataUnitsPerSecond);
                sum += y;
                sumSq += y * y;
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("LogNormMix needs at least one scored training event");
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        LogNormMix model = new LogNormMix(
                train.types(),
                HIDDEN,
                COMPONENTS,
                Math.min(MAX_EMBEDDING, train.numTypes() + 1),
                mean,
                sd > 0 ? sd : 1);
        model.parameters().initialise(seed);
        return model;
    }

    /** Each window's starting state under the current parameters: one pass over each sequence. */
    private static double[][] windowStarts(
            LogNormMix model, List<LogNormMix.Encoded> seqs, List<Window> windows, LogNormMix.Workspace ws) {
        double[][] starts = new double[windows.size()][];
        int w = 0;
        while (w < windows.size()) {
            int q = windows.get(w).sequence();
            double[] h = new double[model.hidden()];
            int i = 0;
            for (; w < windows.size() && windows.get(w).sequence() == q; w++) {
                for (; i < windows.get(w).from(); i++) {
                    model.step(seqs.get(q), i, h, ws);
                }
                starts[w] = h.clone();
            }
        }
        return starts;
    }

    /** The held-out NLL per event (types not seen in training scored by their time part only), NaN without any. */
    private static double validationNll(
            LogNormMix model, List<LogNormMix.Encoded> seqs, int[] validFrom, LogNormMix.Workspace ws) {
        double[] totals = new double[4];
        for (int q = 0; q < seqs.size(); q++) {
            if (validFrom[q] < seqs.get(q).size()) {
                model.scoreSequence(seqs.get(q), validFrom[q], 0, ws, totals);
            }
        }
        return totals[LogNormMix.EVENTS] == 0
                ? Double.NaN
                : -(totals[LogNormMix.TIME] + totals[LogNormMix.TYPE]) / totals[LogNormMix.EVENTS];
    }
}
