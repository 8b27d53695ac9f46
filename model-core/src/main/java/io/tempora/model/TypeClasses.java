package io.tempora.model;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The partition of {@code K} event types into classes that {@link TypeHead}'s two-level softmax uses: a type's
 * probability is its class's probability times its share within the class, so one event costs one softmax
 * over the classes and one over its class's members. With about {@code √K} classes of about {@code √K} types
 * each ({@link #classCount}), that is {@code O(√K)} rows instead of {@code K}, and the probability is still
 * exactly normalised.
 *
 * <p>{@link #byFrequency} puts the most frequent types together (Mikolov et al. 2011's class-based output
 * layer, here with classes of equal size so that every event costs the same): ranked by training count, the
 * first {@code s} form class 0, the next {@code s} class 1, and so on. {@link #byId} ranks by id instead,
 * for a model made before it has seen data. The assignment is stored with the model (format 2 of
 * {@link ModelCodec}).
 *
 * <p>Immutable.
 */
public final class TypeClasses {

    private final int[] classOf;
    private final int[] classStart;
    private final int[] members;
    private final int[] positionInClass;

    /**
     * @param classOf the class of each type ({@code K} entries, each in {@code [0, C)} with every class used)
     */
    public TypeClasses(int[] classOf) {
        if (classOf == null || classOf.length == 0) {
            throw new IllegalArgumentException("a type partition needs at least one type");
        }
        this.classOf = classOf.clone();
        int c = 0;
        for (int j = 0; j < classOf.length; j++) {
            if (classOf[j] < 0 || classOf[j] >= classOf.length) {
                throw new IllegalArgumentException(
                        "type " + j + " is in class " + classOf[j] + ", outside [0, " + classOf.length + ")");
            }
            c = Math.max(c, classOf[j] + 1);
        }
        classStart = new int[c + 1];
        for (int cls : classOf) {
            classStart[cls + 1]++;
        }
        for (int i = 0; i < c; i++) {
            if (classStart[i + 1] == 0) {
                throw new IllegalArgumentException("class " + i + " of " + c + " has no type");
            }
            classStart[i + 1] += classStart[i];
        }
        members = new int[classOf.length];
        positionInClass = new int[classOf.length];
        int[] fill = Arrays.copyOf(classStart, c);
        for (int j = 0; j < classOf.length; j++) {
            int at = fill[classOf[j]]++;
            members[at] = j;
            positionInClass[j] = at - classStart[classOf[j]];
        }
    }

    /** Classes for {@code numTypes} types: {@code ⌈√K⌉} of them, rounded so each holds the same number. */
    public static int classSize(int numTypes) {
        int classes = (int) Math.ceil(Math.sqrt(numTypes));
        return (numTypes + classes - 1) / classes;
    }

    /** Consecutive ids in classes of {@link #classSize} types. */
    public static TypeClasses byId(int numTypes) {
        return byRank(IntStream.range(0, numTypes).toArray());
    }

    /** Types ranked by their count in {@code data} (most frequent first, ties by id) in classes of {@link #classSize}. */
    public static TypeClasses byFrequency(Dataset data) {
        long[] counts = counts(data);
        int[] ranked = IntStream.range(0, counts.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingLong(j -> -counts[j]).thenComparingInt(j -> j))
                .mapToInt(Integer::intValue)
                .toArray();
        return byRank(ranked);
    }

    /** How many events of each type {@code data} holds. */
    public static long[] counts(Dataset data) {
        long[] counts = new long[data.numTypes()];
        for (EventSequence s : data.sequences()) {
            for (int i = 0; i < s.size(); i++) {
                counts[s.type(i)]++;
            }
        }
        return counts;
    }

    private static TypeClasses byRank(int[] ranked) {
        int size = classSize(ranked.length);
        int[] classOf = new int[ranked.length];
        for (int r = 0; r < ranked.length; r++) {
            classOf[ranked[r]] = r / size;
        }
        return new TypeClasses(classOf);
    }

    /** {@code K}. */
    public int numTypes() {
        return classOf.length;
    }

    /** {@code C}, the number of classes. */
    public int classCount() {
        return classStart.length - 1;
    }

    /** The class of {@code type}. */
    public int classOf(int type) {
        return classOf[type];
    }

    /** The first index into {@link #member} of class {@code c}'s types; class {@code c} ends at {@code start(c + 1)}. */
    public int start(int c) {
        return classStart[c];
    }

    /** The type at index {@code i} of the types grouped by class. */
    public int member(int i) {
        return members[i];
    }

    /** Where {@code type} sits among its class's members ({@code 0 ≤ position < size of the class}). */
    public int positionInClass(int type) {
        return positionInClass[type];
    }

    /** The size of the largest class. */
    public int largestClass() {
        int max = 0;
        for (int c = 0; c < classCount(); c++) {
            max = Math.max(max, classStart[c + 1] - classStart[c]);
        }
        return max;
    }

    /** The class of each type, a copy. */
    public int[] toArray() {
        return classOf.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeClasses other && Arrays.equals(classOf, other.classOf);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(classOf);
    }

    @Override
    public String toString() {
        return "TypeClasses[" + classOf.length + " types in " + classCount() + " classes]";
    }
}
