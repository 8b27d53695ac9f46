package io.tempora.trainer.baseline;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.trainer.UnseenTypes;
import java.util.List;

/**
 * The baselines' type part: an event's type drawn independently of the history with the training types'
 * frequencies, add-one (Laplace) smoothed,
 * <pre>
 *   p_k = (n_k + 1) / (n + K),   and for a type not seen in training {@link UnseenTypes#probability ε} = 1 / (n + K + 1)
 * </pre>
 * with {@code n_k} the scored training events of type {@code k} (each sequence's first event is conditioned on,
 * as in the likelihood convention) and {@code n = Σ n_k}. Smoothing rather than the raw maximum-likelihood
 * frequencies {@code n_k / n} keeps every figure finite: a type seen in training only as a sequence's first
 * event would otherwise have probability 0. The shares differ from the frequencies by at most
 * {@code K / (n + K)}; for one type {@code p = 1}, a type part of 0 as the convention has it. Like the model's,
 * the {@code K} shares sum to 1 and {@code ε} is the mass an extra outcome would get, not taken from them
 * ({@link UnseenTypes}).
 */
final class TypeShares {

    private final TypeVocabulary types;
    private final long[] counts;
    private final long total;

    /**
     * @param types  the training vocabulary
     * @param counts scored training events per type, {@code >= 0}
     */
    TypeShares(TypeVocabulary types, long[] counts) {
        if (counts.length != types.size()) {
            throw new IllegalArgumentException(counts.length + " counts for " + types.size() + " types");
        }
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("a type count is negative: " + c);
            }
            n += c;
        }
        this.types = types;
        this.counts = counts.clone();
        this.total = n;
    }

    /** The training vocabulary. */
    TypeVocabulary types() {
        return types;
    }

    /** Scored training events of type {@code k}. */
    long count(int k) {
        return counts[k];
    }

    /** The scored events' types of {@code train}. */
    static TypeShares count(Dataset train) {
        long[] counts = new long[train.numTypes()];
        for (EventSequence s : train.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                counts[s.type(i)]++;
            }
        }
        return new TypeShares(train.types(), counts);
    }

    /** Shares of the given types and counts. */
    static TypeShares of(List<String> names, long[] counts) {
        return new TypeShares(new TypeVocabulary(names), counts);
    }

    /** {@code n}: scored training events. */
    long total() {
        return total;
    }

    /** {@code p_k}, the smoothed share of training type {@code k}. */
    double probability(int k) {
        return (counts[k] + 1.0) / (total() + types.size());
    }

    /** {@code ε}, the share of a type not seen in training. */
    double unseenProbability() {
        return UnseenTypes.probability(total(), types.size());
    }

    /** {@code log p} of each type of {@code data} by name: a training type's share, else {@code log ε}. */
    double[] logProbabilities(TypeVocabulary data) {
        double[] out = new double[data.size()];
        for (int j = 0; j < out.length; j++) {
            int k = types.idOrMinusOne(data.name(j));
            out[j] = Math.log(k >= 0 ? probability(k) : unseenProbability());
        }
        return out;
    }

    /** Whether each type of {@code data} is outside the training types. */
    boolean[] unseen(TypeVocabulary data) {
        boolean[] out = new boolean[data.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = types.idOrMinusOne(data.name(j)) < 0;
        }
        return out;
    }
}
