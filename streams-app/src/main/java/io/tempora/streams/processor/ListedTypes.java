package io.tempora.streams.processor;

import io.tempora.model.PredictionBuffer;
import java.util.function.IntToDoubleFunction;

/**
 * Which of a model's types a prediction record lists: all of them, in the vocabulary's order, while there are at
 * most {@code maxTypes}; otherwise the {@code maxTypes} most likely to come next (largest
 * {@link PredictionBuffer#nextTypeProbability}, ties to the earlier type), most likely first.
 *
 * <p>A model of thousands of types costs per event what one of a few does; a record listing every type's
 * intensity, per-horizon probability and next-type share would not (three maps of {@code K} entries each per
 * prediction). The record's totals ({@code totalIntensity}, each horizon's {@code probability}, the quantiles)
 * still cover every type.
 */
final class ListedTypes {

    private ListedTypes() {}

    /**
     * The indices of the listed types, or {@code null} for all {@code types} of them in order (no array is made
     * for the common case).
     *
     * @param nextTypeShare each type's share of the next event ({@link PredictionBuffer#nextTypeProbability})
     */
    static int[] of(IntToDoubleFunction nextTypeShare, int types, int maxTypes) {
        if (types <= maxTypes) {
            return null;
        }
        // A min-heap of the best maxTypes seen so far: its root is the weakest of them, the one a better type evicts.
        int[] heap = new int[maxTypes];
        double[] share = new double[maxTypes];
        int size = 0;
        for (int k = 0; k < types; k++) {
            double s = rank(nextTypeShare.applyAsDouble(k));
            if (size < maxTypes) {
                heap[size] = k;
                share[size] = s;
                siftUp(heap, share, size++);
            } else if (s > share[0]) {
                heap[0] = k;
                share[0] = s;
                siftDown(heap, share, size);
            }
        }
        // Popping the root repeatedly yields weakest first: fill from the back for most likely first.
        int[] out = new int[size];
        for (int n = size; n > 0; n--) {
            out[n - 1] = heap[0];
            heap[0] = heap[n - 1];
            share[0] = share[n - 1];
            siftDown(heap, share, n - 1);
        }
        return out;
    }

    /** A share's rank: a share that is not a number ranks below every other. */
    private static double rank(double share) {
        return Double.isNaN(share) ? Double.NEGATIVE_INFINITY : share;
    }

    /** Whether the entry at {@code a} is weaker than the one at {@code b}: a smaller share, or an equal one later. */
    private static boolean weaker(int[] heap, double[] share, int a, int b) {
        return share[a] < share[b] || (share[a] == share[b] && heap[a] > heap[b]);
    }

    private static void siftUp(int[] heap, double[] share, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!weaker(heap, share, i, parent)) {
                return;
            }
            swap(heap, share, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] heap, double[] share, int size) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int weakest = left;
            if (left + 1 < size && weaker(heap, share, left + 1, left)) {
                weakest = left + 1;
            }
            if (!weaker(heap, share, weakest, i)) {
                return;
            }
            swap(heap, share, i, weakest);
            i = weakest;
        }
    }

    private static void swap(int[] heap, double[] share, int a, int b) {
        int h = heap[a];
        heap[a] = heap[b];
        heap[b] = h;
        double s = share[a];
        share[a] = share[b];
        share[b] = s;
    }
}
