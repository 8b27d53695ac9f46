package io.tempora.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How the training events are cut into windows, streams and mini-batches for one epoch (see
 * {@link Trainer}). The first window of every sequence is shortened by the epoch's {@code offset}
 * ({@code 0 ≤ offset < L}), so that the window boundaries, where truncated backpropagation drops the
 * gradient into the history, fall on different events from epoch to epoch; the trainer draws the
 * offset from {@link TrainingConfig#seed()}. Mutable: {@link #cut} rebuilds it in place, and the
 * backends read the current cut through their reference.
 */
final class WindowLayout {

    private final int[] trainEnd;
    private final int windowLength;
    private final int windowsPerBatch;
    private final int latentDim;

    /** Windows in time order, sequence by sequence. */
    List<Trainer.WindowRef> windows = List.of();
    /** The state each stream's first window starts from (filled by the trainer's filtering pass). */
    double[][] starts = new double[0][];
    /** The state each window ended in (written by the backends, read by the window after it). */
    double[][] ends = new double[0][];
    /** Whether a window is the first of its stream. */
    boolean[] streamFirst = new boolean[0];
    /** Windows in mini-batch order: batch {@code j} is {@code order[batchEnds[j-1], batchEnds[j])}. */
    int[] order = new int[0];

    int[] batchEnds = new int[0];

    WindowLayout(int[] trainEnd, int windowLength, int windowsPerBatch, int latentDim) {
        this.trainEnd = trainEnd.clone();
        this.windowLength = windowLength;
        this.windowsPerBatch = windowsPerBatch;
        this.latentDim = latentDim;
    }

    /** Number of mini-batches per epoch. */
    int batches() {
        return batchEnds.length;
    }

    /**
     * Cuts the windows: in every sequence {@code [0, L − offset), [L − offset, 2L − offset), …} up to
     * its training end, then the windows, in time order, into {@code windowsPerBatch} contiguous streams.
     */
    void cut(int offset) {
        if (offset < 0 || offset >= windowLength) {
            throw new IllegalArgumentException("the window offset must be in [0, " + windowLength + "), got " + offset);
        }
        List<Trainer.WindowRef> w = new ArrayList<>();
        for (int s = 0; s < trainEnd.length; s++) {
            int m = trainEnd[s];
            int from = 0;
            int to = windowLength - offset;
            while (from < m) {
                w.add(new Trainer.WindowRef(s, from, Math.min(m, to)));
                from = to;
                to += windowLength;
            }
        }
        int n = w.size();
        if (n == 0) {
            throw new IllegalArgumentException("no training events in " + trainEnd.length + " sequences");
        }
        windows = w;
        if (starts.length != n) {
            starts = new double[n][latentDim];
            ends = new double[n][latentDim];
        }
        streamFirst = new boolean[n];
        order = new int[n];
        int streams = Math.min(windowsPerBatch, n);
        int perStream = (n + streams - 1) / streams;
        batchEnds = new int[perStream];
        int filled = 0;
        for (int j = 0; j < perStream; j++) {
            for (int st = 0; st < streams; st++) {
                int wi = st * perStream + j;
                if (wi < Math.min(n, (st + 1) * perStream)) {
                    order[filled++] = wi;
                    streamFirst[wi] = j == 0;
                }
            }
            batchEnds[j] = filled;
        }
    }
}
