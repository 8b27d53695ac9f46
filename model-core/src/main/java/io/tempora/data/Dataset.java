package io.tempora.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Event histories of many entities with their type vocabulary and feature names. Immutable.
 *
 * <p>Every sequence's type ids are below {@code types.size()}, every event has
 * {@code featureNames.size()} features, and entity ids are unique.
 *
 * @param sequences    one history per entity, in a fixed order (the reader keeps first appearance in the file)
 * @param types        the event-type vocabulary
 * @param featureNames names of the numeric features, distinct; empty if events carry none
 */
public record Dataset(List<EventSequence> sequences, TypeVocabulary types, List<String> featureNames) {

    public Dataset {
        sequences = List.copyOf(sequences);
        Objects.requireNonNull(types, "types");
        featureNames = List.copyOf(featureNames);
        if (new HashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("feature names must be distinct: " + featureNames);
        }
        Set<String> ids = new HashSet<>();
        for (EventSequence s : sequences) {
            if (!ids.add(s.entityId())) {
                throw new IllegalArgumentException("entity '" + s.entityId() + "' has two sequences; merge them first");
            }
            s.requireTypesBelow(types.size());
            if (!s.isEmpty() && s.numFeatures() != featureNames.size()) {
                throw new IllegalArgumentException("entity '" + s.entityId() + "' has " + s.numFeatures()
                        + " features per event but the dataset names " + featureNames.size() + ": " + featureNames);
            }
        }
    }

    /** A dataset without features. */
    public static Dataset of(TypeVocabulary types, List<EventSequence> sequences) {
        return new Dataset(sequences, types, List.of());
    }

    /** Number of event types {@code K}. */
    public int numTypes() {
        return types.size();
    }

    /** Number of features per event. */
    public int numFeatures() {
        return featureNames.size();
    }

    /** Total number of events over all sequences. */
    public long numEvents() {
        long n = 0;
        for (EventSequence s : sequences) {
            n += s.size();
        }
        return n;
    }

    /** The same vocabulary and features with other sequences. */
    public Dataset withSequences(List<EventSequence> newSequences) {
        return new Dataset(newSequences, types, featureNames);
    }

    /** Every sequence mapped by {@link EventSequence#rescaled(double, double)} with the same origin and unit. */
    public Dataset rescaled(double origin, double unit) {
        return withSequences(
                sequences.stream().map(s -> s.rescaled(origin, unit)).toList());
    }

    /** Every sequence as {@link Window#whole(EventSequence) whole windows}. */
    public List<Window> wholeWindows() {
        return sequences.stream().map(Window::whole).toList();
    }

    /**
     * Cuts every sequence into consecutive windows of at most {@code maxEvents} events; each window keeps the
     * whole sequence so that a model can filter its state through the events before it. The windows of one
     * sequence partition its events, so their log-likelihoods add up to the sequence's. Empty sequences give
     * no window.
     */
    public List<Window> windows(int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be >= 1, got " + maxEvents);
        }
        List<Window> out = new ArrayList<>();
        for (EventSequence s : sequences) {
            for (int from = 0; from < s.size(); from += maxEvents) {
                out.add(new Window(s, from, Math.min(s.size(), from + maxEvents)));
            }
        }
        return out;
    }

    /**
     * Splits every sequence in time: its first {@code round(trainFraction * n)} events go to training (as a
     * shorter sequence), the rest become a test window conditioned on the training part (the benchmark's
     * 80/20 split of one long sequence). Deterministic. Sequences whose test part is empty give no test window.
     *
     * @param trainFraction in {@code (0, 1)}
     */
    public Split splitChronologically(double trainFraction) {
        requireFraction(trainFraction);
        List<EventSequence> train = new ArrayList<>();
        List<Window> test = new ArrayList<>();
        for (EventSequence s : sequences) {
            int m = (int) Math.round(trainFraction * s.size());
            train.add(s.slice(0, m));
            if (m < s.size()) {
                test.add(new Window(s, m, s.size()));
            }
        }
        return new Split(withSequences(train), test);
    }

    /**
     * Splits by entity: a seeded shuffle of the entities (sorted by id first, so the result does not depend on
     * the order of the sequences) puts {@code round(trainFraction * entities)} of them in training, at least
     * one on each side when there are two or more; the rest become whole test windows.
     *
     * @param trainFraction in {@code (0, 1)}
     * @param seed          the shuffle's seed: the same seed gives the same split
     */
    public Split splitByEntity(double trainFraction, long seed) {
        requireFraction(trainFraction);
        List<EventSequence> sorted = new ArrayList<>(sequences);
        sorted.sort(Comparator.comparing(EventSequence::entityId));
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = sorted.size() - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            EventSequence tmp = sorted.get(i);
            sorted.set(i, sorted.get(j));
            sorted.set(j, tmp);
        }
        int n = sorted.size();
        int m = (int) Math.round(trainFraction * n);
        if (n >= 2) {
            m = Math.max(1, Math.min(n - 1, m));
        }
        List<Window> test = sorted.subList(m, n).stream().map(Window::whole).toList();
        return new Split(withSequences(sorted.subList(0, m)), test);
    }

    private static void requireFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + f);
        }
    }

    /**
     * A train/test split.
     *
     * @param train sequences to fit on
     * @param test  windows to score, each conditioned on its history
     */
    public record Split(Dataset train, List<Window> test) {
        public Split {
            Objects.requireNonNull(train, "train");
            test = List.copyOf(test);
        }
    }
}
